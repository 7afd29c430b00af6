package io.github.ddbpatterns.core.fanout;

/** The Reactive Streams TCK's publisher rules for a {@link FanOut} stream in ascending order. */
public class FanOutSortedPublisherTest extends FanOutPublisherVerification {

    @Override
    MergeOrder<Long> order() {
        return MergeOrder.ascending("value", Long::compare);
    }
}
