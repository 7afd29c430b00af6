package io.github.ddbpatterns.examples.spring;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample application's own settings, under {@code sample} (the library's are under {@code ddb.patterns}).
 *
 * @param createTables Whether the tables are created at startup with {@code createTable()} (development: the profile
 *     {@code local} sets it); otherwise they must exist, and each endpoint answers 503 naming its table while it does
 *     not.
 * @param clicks The clicks table.
 * @param sessions The session store.
 */
@ConfigurationProperties("sample")
public record SampleProperties(
        @DefaultValue("false") boolean createTables,
        @DefaultValue Clicks clicks,
        @DefaultValue Sessions sessions) {

    /**
     * The sharded clicks table and its write buffer.
     *
     * @param shards Shards of every user (1: one partition, a read is one Query).
     * @param hotUsers The users clicking more than one partition takes (1,000 writes a second).
     * @param hotUserShards Shards of each hot user.
     * @param maxDelay How long a click may wait in the write buffer for others to share its BatchWriteItem call.
     */
    public record Clicks(
            @DefaultValue("1") int shards,
            @DefaultValue("user-42") List<String> hotUsers,
            @DefaultValue("10") int hotUserShards,
            @DefaultValue("50ms") Duration maxDelay) {}

    /**
     * The session store.
     *
     * @param timeToLive How long a session lives after login.
     */
    public record Sessions(@DefaultValue("30m") Duration timeToLive) {}
}
