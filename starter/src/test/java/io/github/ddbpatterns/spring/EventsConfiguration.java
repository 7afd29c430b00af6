package io.github.ddbpatterns.spring;

// tag::example[]
import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.core.buffer.WriteBuffer;
import io.github.ddbpatterns.sessions.PreferenceStore;
import io.github.ddbpatterns.sharding.ShardedTable;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

@Configuration(proxyBeanMethods = false)
public class EventsConfiguration {

    @Bean
    TableSchema<Event> eventSchema() {
        return TableSchema.fromBean(Event.class);
    }

    @Bean
    WriteBuffer eventWrites(DdbPatterns ddb) {
        return ddb.writeBuffer().name("events").maxDelay(Duration.ofMillis(200)).build(); // flushed at shutdown
    }

    @Bean
    ShardedTable<Event> events(
            DdbPatterns ddb, TableNameResolver tables, TableSchema<Event> eventSchema, WriteBuffer eventWrites) {
        return ddb.shardedTable(eventSchema)
                .tableName(tables.name("events")) // "staging-events" with ddb.patterns.table-name.prefix=staging-
                .logicalKey(Event::getUserId)
                .shards(10)
                .writeBuffer(eventWrites) // put() is coalesced and batched
                .build();
    }

    @Bean
    PreferenceStore<Preference> preferences(DdbPatterns ddb, TableNameResolver tables) {
        return ddb.preferences(TableSchema.fromBean(Preference.class))
                .tableName(tables.name("preferences"))
                .maxStaleness(Duration.ofSeconds(1)) // other instances see a write within 1 s
                .build(); // flushed and closed at shutdown
    }
}
// end::example[]
