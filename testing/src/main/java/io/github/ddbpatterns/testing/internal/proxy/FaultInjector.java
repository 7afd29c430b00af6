package io.github.ddbpatterns.testing.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbpatterns.testing.FaultKind;
import io.github.ddbpatterns.testing.FaultPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The running state of the proxy's fault plans: per plan, a counter of applicable requests and seeded random
 * sequences. Each decision is taken under the plan's lock, so a sequential client sees the same faults on
 * every run.
 */
final class FaultInjector {

    /** What the plans decided for one request: an error or reset to answer, and/or an unprocessed plan. */
    record Decision(FaultKind answer, PlanState unprocessed) {
        static final Decision NONE = new Decision(null, null);
    }

    /** The operations a plan restricted to one partition key applies to. */
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");

    private final List<PlanState> plans = new ArrayList<>();

    FaultInjector(List<FaultPlan> faults) {
        for (FaultPlan plan : faults) {
            plans.add(new PlanState(plan));
        }
    }

    Decision decide(String operation) {
        if (plans.isEmpty()) {
            return Decision.NONE;
        }
        FaultKind answer = null;
        PlanState unprocessed = null;
        for (PlanState state : plans) {
            if (state.partitionKey != null || !state.appliesTo(operation) || !state.fires()) {
                continue; // a plan for one partition key decides per write, once the key is known
            }
            if (state.plan.kind() == FaultKind.UNPROCESSED_ITEMS) {
                if (unprocessed == null) {
                    unprocessed = state;
                }
            } else if (answer == null) {
                answer = state.plan.kind();
            }
        }
        return answer == null && unprocessed == null ? Decision.NONE : new Decision(answer, unprocessed);
    }

    /**
     * True when a plan restricted to one partition key throttles this write of {@code operation} (a single-item
     * write, or one item of a BatchWriteItem) whose partition key value is {@code partitionKey}.
     */
    boolean throttlesWrite(String operation, JsonNode partitionKey) {
        if (!WRITES.contains(operation) || partitionKey == null) {
            return false;
        }
        boolean throttled = false;
        for (PlanState state : plans) {
            if (state.partitionKey != null
                    && state.appliesTo(operation)
                    && state.partitionKey.equals(scalarText(partitionKey))
                    && state.fires()) {
                throttled = true;
            }
        }
        return throttled;
    }

    /** The text of a string or number attribute value ({@code {"S": "a"}}, {@code {"N": "1"}}), else null. */
    private static String scalarText(JsonNode value) {
        JsonNode text = value.has("S") ? value.get("S") : value.get("N");
        return text == null || !text.isTextual() ? null : text.asText();
    }

    /** One plan's counter and random sequences. */
    static final class PlanState {
        final FaultPlan plan;
        private final long[] atRequests;
        private final String operation;
        private final String partitionKey;
        private final Random draws;
        private final Random picks;
        private long applicable;

        PlanState(FaultPlan plan) {
            this.plan = plan;
            this.atRequests = plan.atRequests();
            this.operation = plan.operation().orElse(null);
            this.partitionKey = plan.partitionKey().orElse(null);
            this.draws = new Random(plan.seed());
            this.picks = new Random(plan.seed() ^ 0x5DEECE66DL);
        }

        /** True when the plan applies to requests of {@code op}, before its schedule or probability. */
        boolean appliesTo(String op) {
            if (operation != null && !operation.equals(op)) {
                return false;
            }
            return plan.kind() != FaultKind.UNPROCESSED_ITEMS
                    || "BatchWriteItem".equals(op)
                    || "BatchGetItem".equals(op);
        }

        /** Counts one applicable request and tells whether the plan fires on it. */
        synchronized boolean fires() {
            applicable++;
            if (plan.everyNth() > 0) {
                return applicable % plan.everyNth() == 0;
            }
            if (atRequests.length > 0) {
                return Arrays.binarySearch(atRequests, applicable) >= 0;
            }
            return plan.probability() >= 1.0 || draws.nextDouble() < plan.probability();
        }

        /**
         * Chooses {@code fraction * total} of {@code total} items, seeded; a fractional part is rounded up with
         * that probability (0.3 of 10 is always 3; 0.3 of 1 is 1 three times in ten), so resending the
         * leftovers converges as it does against the service instead of failing forever.
         */
        synchronized BitSet pick(int total) {
            BitSet chosen = new BitSet(total);
            if (total == 0) {
                return chosen;
            }
            double expected = plan.fraction() * total;
            int k = (int) Math.floor(expected);
            if (picks.nextDouble() < expected - k) {
                k++;
            }
            k = Math.min(total, k);
            int[] order = new int[total];
            for (int i = 0; i < total; i++) {
                order[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = i + picks.nextInt(total - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                chosen.set(order[i]);
            }
            return chosen;
        }
    }
}
