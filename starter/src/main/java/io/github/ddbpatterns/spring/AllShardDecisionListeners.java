package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.sharding.ShardDecision;
import io.github.ddbpatterns.sharding.ShardDecisionListener;
import io.github.ddbpatterns.sharding.ShardDecisionResult;
import java.util.List;

/**
 * The application's {@link ShardDecisionListener} beans as one listener: each is told of every decision and every
 * result, in bean order ({@code @Order} / {@code Ordered}); a decision goes ahead only if all of them accept it (one
 * veto is enough, and the listeners after it are still told, so that every logging listener sees every decision).
 *
 * @param listeners the listeners, in order (at least two)
 */
record AllShardDecisionListeners(List<ShardDecisionListener> listeners) implements ShardDecisionListener {

    /**
     * The listener of the {@code AdaptiveSharding} bean: none, one, or all of them.
     *
     * @param listeners the application's listeners, in order
     * @return {@link ShardDecisionListener#ALLOW_ALL} for none, the listener itself for one, else all of them
     */
    static ShardDecisionListener of(List<ShardDecisionListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> ShardDecisionListener.ALLOW_ALL;
            case 1 -> listeners.get(0);
            default -> new AllShardDecisionListeners(List.copyOf(listeners));
        };
    }

    @Override
    public boolean onDecision(ShardDecision decision) {
        boolean accepted = true;
        for (ShardDecisionListener listener : listeners) {
            accepted &= listener.onDecision(decision);
        }
        return accepted;
    }

    @Override
    public void onResult(ShardDecisionResult result) {
        for (ShardDecisionListener listener : listeners) {
            listener.onResult(result);
        }
    }
}
