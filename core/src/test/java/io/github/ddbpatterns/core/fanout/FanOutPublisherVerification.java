package io.github.ddbpatterns.core.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK's {@link PublisherVerification} (TestNG, run on the JUnit Platform by the TestNG
 * engine) for {@link FanOut#stream}, over {@value #SOURCES} {@link GeneratedSource generated sources} answered on
 * a pool of threads. A stream of {@code n <= Integer.MAX_VALUE} elements is a query limited to {@code n} over
 * sources holding {@code n} numbers each (so the limit ends it); a longer one has no limit and its sources hold
 * {@code n} numbers in all.
 *
 * <p>No failed publisher is given ({@link #createFailedPublisher()} is null, so the TCK skips the two tests that
 * need one): a stream fails only by a request it sends, and it sends none before the subscriber's demand, while
 * those tests expect {@code onError} without any demand.
 */
abstract class FanOutPublisherVerification extends PublisherVerification<Long> {

    static final int SOURCES = 3;

    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "tck-source");
        thread.setDaemon(true);
        return thread;
    });

    FanOutPublisherVerification() {
        // signals are expected within 2 s on a loaded machine; "no signal" is checked over 200 ms
        super(new TestEnvironment(2_000, 200));
    }

    /** The order under test. */
    abstract MergeOrder<Long> order();

    @Override
    public Publisher<Long> createPublisher(long elements) {
        boolean limited = elements > 0 && elements <= Integer.MAX_VALUE;
        List<PagedSource<Long>> sources = new ArrayList<>(SOURCES);
        for (int s = 0; s < SOURCES; s++) {
            long count = limited ? elements : elements / SOURCES + (s < elements % SOURCES ? 1 : 0);
            // interleaved values, so that a sorted merge takes from every source; sequence and unordered need not
            sources.add(new GeneratedSource("s" + s, s, SOURCES, count, pool));
        }
        FanOutQuery.Builder<Long> query =
                FanOutQuery.<Long>builder().sources(sources).order(order()).window(2);
        if (limited) {
            query.limit((int) elements);
        }
        return FanOut.builder().pageSize(7).build().stream(query.build());
    }

    @Override
    public Publisher<Long> createFailedPublisher() {
        return null;
    }

    @AfterClass
    public void stopPool() {
        pool.shutdownNow();
    }
}
