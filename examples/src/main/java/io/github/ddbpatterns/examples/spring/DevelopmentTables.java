package io.github.ddbpatterns.examples.spring;

import io.github.ddbpatterns.core.table.TableRepository;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Development only ({@code sample.create-tables=true}, set by the profile {@code local}): creates the table of every
 * repository bean with {@code createTable()} once the beans exist, before the web server takes its first request.
 * An existing table is left as it is and checked. In production, declare the tables in your infrastructure code from
 * {@code tableLayout().toCloudFormation()} or {@code toTerraform()}.
 */
@Component
@ConditionalOnProperty(name = "sample.create-tables", havingValue = "true")
public class DevelopmentTables implements SmartInitializingSingleton {

    private final ObjectProvider<TableRepository> repositories;

    /**
     * Creates the tables of {@code repositories} at startup.
     *
     * @param repositories every repository bean
     */
    public DevelopmentTables(ObjectProvider<TableRepository> repositories) {
        this.repositories = repositories;
    }

    /** Creates every table at once and waits for all of them (startup is the one place the sample blocks). */
    @Override
    public void afterSingletonsInstantiated() {
        List<CompletableFuture<Void>> created =
                repositories.orderedStream().map(TableRepository::createTable).toList();
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
    }
}
