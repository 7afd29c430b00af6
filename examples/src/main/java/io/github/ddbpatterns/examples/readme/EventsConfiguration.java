package io.github.ddbpatterns.examples.readme;

import io.github.ddbpatterns.DdbPatterns;
import io.github.ddbpatterns.sharding.ShardedTable;
import io.github.ddbpatterns.spring.TableNameResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

@Configuration(proxyBeanMethods = false)
public class EventsConfiguration {

    @Bean
    ShardedTable<Event> events(DdbPatterns ddb, TableNameResolver tables) { // DdbPatterns: one bean, every pattern
        return ddb.shardedTable(TableSchema.fromBean(Event.class))
                .tableName(tables.name("events"))
                .logicalKey(Event::getUserId)
                .shards(10)
                .build();
    }
}
