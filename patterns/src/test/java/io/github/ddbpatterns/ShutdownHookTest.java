package io.github.ddbpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM that exits with writes still waiting in a buffer built with {@code flushOnShutdown(true)} persists them: the
 * test runs {@link ShutdownHookMain} in a child JVM against the shared DynamoDB Local and counts what it stored.
 */
@DynamoDbLocalTest
class ShutdownHookTest {

    static final int WRITES = 500;

    @Test
    void exit_withWritesPending_theShutdownHookPersistsThemAll(TestTables tables) throws Exception {
        String table = RawTable.create(tables);
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ShutdownHookMain.class.getName(),
                        DynamoDbLocal.shared().endpoint().toString(),
                        table,
                        Integer.toString(WRITES)))
                .redirectErrorStream(true)
                .start();
        boolean exited = child.waitFor(2, TimeUnit.MINUTES);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("child: " + output.strip());

        assertThat(exited).as("the child JVM exited").isTrue();
        assertThat(child.exitValue()).as("exit code; output: %s", output).isZero();
        assertThat(output).contains("submitted " + WRITES + ", pending " + WRITES);
        assertThat(DynamoDbLocal.shared()
                        .syncClient()
                        .scan(b -> b.tableName(table).consistentRead(true))
                        .count())
                .as("items stored by the shutdown hook")
                .isEqualTo(WRITES);
    }
}
