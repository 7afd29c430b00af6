package io.github.ddbpatterns.core.fanout;

/** The Reactive Streams TCK's publisher rules for a {@link FanOut} stream in unordered order. */
public class FanOutUnorderedPublisherTest extends FanOutPublisherVerification {

    @Override
    MergeOrder<Long> order() {
        return MergeOrder.unordered();
    }
}
