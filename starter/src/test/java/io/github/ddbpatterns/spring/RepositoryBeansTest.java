package io.github.ddbpatterns.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbpatterns.core.Page;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.sessions.PreferenceStore;
import io.github.ddbpatterns.sharding.ShardQuery;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.testing.DynamoDbLocal;
import io.github.ddbpatterns.testing.DynamoDbLocalTest;
import io.github.ddbpatterns.testing.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;

/**
 * The package documentation's example, {@link EventsConfiguration}, as an application would run it: repository beans
 * named by the {@link TableNameResolver}, working against DynamoDB Local; and the documentation shows that very code.
 */
@DynamoDbLocalTest
class RepositoryBeansTest {

    @Test
    void exampleConfiguration_declaresRepositoriesNamedByTheResolver_thatWork(TestTables tables) {
        String prefix = tables.uniqueName() + "-";
        Runners.starter(DynamoDbLocal.shared().endpoint())
                .withUserConfiguration(EventsConfiguration.class)
                .withPropertyValues("ddb.patterns.table-name.prefix=" + prefix)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    ShardedTable<Event> events = (ShardedTable<Event>) context.getBean(context.getBeanNamesForType(
                                    ResolvableType.forClassWithGenerics(ShardedTable.class, Event.class))[0]);
                    @SuppressWarnings("unchecked")
                    PreferenceStore<Preference> preferences = (PreferenceStore<Preference>)
                            context.getBean(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(
                                    PreferenceStore.class, Preference.class))[0]);
                    assertThat(context).hasSingleBean(WriteBuffer.class);
                    assertThat(events.tableName()).isEqualTo(prefix + "events");
                    assertThat(preferences.tableName()).isEqualTo(prefix + "preferences");
                    try {
                        events.createTable().join();
                        preferences.createTable().join();

                        Instant at = Instant.parse("2026-01-01T00:00:00Z");
                        for (int i = 0; i < 5; i++) {
                            events.put(new Event("user-42", at.plusSeconds(i), "click"))
                                    .join(); // completes once the buffer has written it
                        }
                        Page<Event> newest = events.query(
                                        "user-42",
                                        ShardQuery.all().newestFirst().limit(3))
                                .join();
                        assertThat(newest.items())
                                .extracting(Event::getAt)
                                .containsExactly(
                                        at.plusSeconds(4).toEpochMilli(),
                                        at.plusSeconds(3).toEpochMilli(),
                                        at.plusSeconds(2).toEpochMilli());

                        preferences.put(new Preference("user-42", "dark", 14));
                        assertThat(preferences
                                        .get("user-42")
                                        .join()
                                        .orElseThrow()
                                        .getTheme())
                                .isEqualTo("dark");
                    } finally {
                        context.close(); // flushes the buffers before the tables go
                        DynamoDbLocal.shared().syncClient().deleteTable(b -> b.tableName(prefix + "events"));
                        DynamoDbLocal.shared().syncClient().deleteTable(b -> b.tableName(prefix + "preferences"));
                    }
                });
    }

    @Test
    void packageDocumentation_showsTheExampleThatCompiles() throws IOException {
        String example = between(
                Files.readString(Path.of("src/test/java/io/github/ddbpatterns/spring/EventsConfiguration.java")),
                "// tag::example[]\n",
                "// end::example[]");
        String documentation = Files.readString(Path.of("src/main/java/io/github/ddbpatterns/spring/package-info.java"))
                .lines()
                .map(line -> line.startsWith(" * ") ? line.substring(3) : line.equals(" *") ? "" : line)
                .collect(Collectors.joining("\n"));
        List<String> body = example.lines()
                .filter(line -> !line.startsWith("import ") && !line.isBlank())
                .toList();
        for (String line : body) {
            assertThat(documentation).as("package-info shows the example line").contains(line);
        }
        assertThat(documentation)
                .as("and in this order")
                .contains(String.join(
                        "\n",
                        example.lines()
                                .dropWhile(line -> !line.startsWith("@Configuration"))
                                .toList()));
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertThat(from).isNotNegative();
        assertThat(to).isGreaterThan(from);
        return text.substring(from + start.length(), to);
    }
}
