package io.github.ddbpatterns.sharding;

import io.github.ddbpatterns.core.DdbPatternsException;

/** Another instance changed a logical key's shard layout at the same time; read the layout again and retry. */
public class ShardMapConflictException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    protected ShardMapConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The change of one key's layout lost a race (the key itself is not put in the message). */
    public static ShardMapConflictException of(String logicalKey, Throwable cause) {
        return new ShardMapConflictException(
                "shard layout of a logical key (" + logicalKey.length()
                        + " chars) was changed concurrently; reload and retry",
                cause);
    }
}
