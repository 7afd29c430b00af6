package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.core.InvalidInputException;
import io.github.ddbpatterns.core.internal.Checks;
import java.util.regex.Pattern;

/**
 * Gives the table name of each repository an application declares, so that one setting names every table of an
 * environment: with {@code ddb.patterns.table-name.prefix=staging-}, {@code name("events")} is
 * {@code staging-events} (like Spring Cloud AWS's table-name resolver, but for names you choose). The starter
 * declares one from {@code ddb.patterns.table-name.*}; define your own bean to name tables another way.
 *
 * <pre>{@code
 * @Bean
 * ShardedTable<Event> events(DdbPatterns ddb, TableNameResolver tables) {
 *     return ddb.shardedTable(TableSchema.fromBean(Event.class))
 *             .tableName(tables.name("events"))
 *             .logicalKey(Event::getUserId)
 *             .shards(10)
 *             .build();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TableNameResolver {

    /**
     * The table name for {@code name}.
     *
     * @param name the name without environment parts, e.g. {@code events}
     * @return the table name, e.g. {@code staging-events}
     * @throws InvalidInputException if {@code name} is null or empty, or the result is not a valid DynamoDB table
     *     name (3 to 255 letters, digits, {@code _ - .})
     */
    String name(String name);

    /**
     * The resolver that puts {@code prefix} before and {@code suffix} after every name, and checks the result.
     *
     * @param prefix put before every name (may be empty)
     * @param suffix put after every name (may be empty)
     * @return the resolver
     * @throws InvalidInputException if an argument is null
     */
    static TableNameResolver of(String prefix, String suffix) {
        Checks.notNull("prefix", prefix);
        Checks.notNull("suffix", suffix);
        Pattern valid = Pattern.compile("[A-Za-z0-9_.\\-]{3,255}");
        return new TableNameResolver() {
            @Override
            public String name(String name) {
                String tableName = prefix + Checks.notEmpty("name", name) + suffix;
                if (!valid.matcher(tableName).matches()) {
                    throw InvalidInputException.of(
                            "tableName",
                            tableName,
                            "be 3 to 255 letters, digits, '_', '-' or '.' (name '" + name + "' with prefix '" + prefix
                                    + "' and suffix '" + suffix + "')");
                }
                return tableName;
            }

            @Override
            public String toString() {
                return "TableNameResolver[prefix='" + prefix + "', suffix='" + suffix + "']";
            }
        };
    }
}
