package io.github.ddbpatterns.core.fanout;

/** The Reactive Streams TCK's publisher rules for a {@link FanOut} stream in sourceSequence order. */
public class FanOutSequencePublisherTest extends FanOutPublisherVerification {

    @Override
    MergeOrder<Long> order() {
        return MergeOrder.sourceSequence();
    }
}
