package io.github.ddbpatterns.core.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * In-memory sources whose fetches stay pending until the test completes them, in any order: to see what a fan-out
 * sends before any answer, round after round, and whether it completes while a request is still pending. Paging as
 * {@link ListSource}: a LastEvaluatedKey whenever the request's limit was reached. Not thread-safe: one test thread.
 */
final class ManualSources {

    /** One request sent and not answered yet. */
    final class Pending {
        final int source;
        final int from;
        final int limit;
        final CompletableFuture<SourcePage<Entry>> future = new CompletableFuture<>();

        Pending(int source, int from, int limit) {
            this.source = source;
            this.from = from;
            this.limit = limit;
        }

        /** Answers with the source's entries from {@code from}, at most {@code limit}. */
        void complete() {
            pending.remove(this);
            List<Entry> entries = lists.get(source);
            int to = Math.min(entries.size(), from + limit);
            Map<String, AttributeValue> lastKey = to - from == limit ? key(source, to - 1) : null;
            future.complete(new SourcePage<>(List.copyOf(entries.subList(from, to)), lastKey));
        }

        /** Answers with {@code error}. */
        void fail(Throwable error) {
            pending.remove(this);
            future.completeExceptionally(error);
        }
    }

    private final List<List<Entry>> lists = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<Integer> requestsPerSource = new ArrayList<>();
    private final List<PagedSource<Entry>> sources = new ArrayList<>();

    /** Sources holding {@code sizes[i]} entries each, valued so that source order is value order. */
    ManualSources(int... sizes) {
        for (int s = 0; s < sizes.length; s++) {
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < sizes[s]; i++) {
                entries.add(new Entry(s, i, s * 1000 + i));
            }
            lists.add(entries);
            requestsPerSource.add(0);
            int index = s;
            sources.add(new PagedSource<>() {
                @Override
                public String fingerprint() {
                    return "manual-" + index;
                }

                @Override
                public CompletableFuture<SourcePage<Entry>> fetch(Map<String, AttributeValue> start, int limit) {
                    requestsPerSource.set(index, requestsPerSource.get(index) + 1);
                    int from = start == null
                            ? 0
                            : Integer.parseInt(start.get("seq").n()) + 1;
                    Pending p = new Pending(index, from, limit);
                    pending.add(p);
                    return p.future;
                }

                @Override
                public Map<String, AttributeValue> keyOf(Entry item) {
                    return key(item.source(), item.seq());
                }
            });
        }
    }

    List<PagedSource<Entry>> sources() {
        return sources;
    }

    /** The requests sent and not answered, oldest first (a copy). */
    List<Pending> pending() {
        return List.copyOf(pending);
    }

    /** The entries of every source, in source order. */
    List<Entry> all() {
        return lists.stream().flatMap(List::stream).toList();
    }

    int requests() {
        return requestsPerSource.stream().mapToInt(Integer::intValue).sum();
    }

    int requests(int source) {
        return requestsPerSource.get(source);
    }

    /**
     * Answers rounds until nothing is pending: each round answers every request pending at its start, in a random
     * order, while new requests wait for the next round. Returns the number of requests of each round.
     */
    List<Integer> answerRounds(Random random) {
        List<Integer> rounds = new ArrayList<>();
        while (!pending.isEmpty()) {
            List<Pending> round = new ArrayList<>(pending);
            rounds.add(round.size());
            java.util.Collections.shuffle(round, random);
            for (Pending p : round) {
                p.complete();
            }
        }
        return rounds;
    }

    private static Map<String, AttributeValue> key(int source, int seq) {
        return Map.of(
                "id", AttributeValue.fromS("manual-" + source), "seq", AttributeValue.fromN(Integer.toString(seq)));
    }
}
