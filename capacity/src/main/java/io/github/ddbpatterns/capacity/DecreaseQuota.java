package io.github.ddbpatterns.capacity;

/**
 * The table's decrease quota: {@link ServiceRules#freeDecreasesPerDay()} decreases at any time in a UTC day,
 * then one more once {@link ServiceRules#decreaseInterval()} has passed without a decrease. Decreases of reads
 * and writes issued in the same second count once (one UpdateTable).
 */
final class DecreaseQuota {

    private static final int DAY = 86_400;

    private final int freePerDay;
    private final long intervalSeconds;
    private int day = -1;
    private int countToday;
    private long lastDecrease = Long.MIN_VALUE / 2;

    DecreaseQuota(ServiceRules rules) {
        this.freePerDay = rules.freeDecreasesPerDay();
        this.intervalSeconds = rules.decreaseInterval().toSeconds();
    }

    boolean allowed(int second) {
        roll(second);
        return second == lastDecrease || countToday < freePerDay || second - lastDecrease >= intervalSeconds;
    }

    void record(int second) {
        roll(second);
        if (second != lastDecrease) {
            countToday++;
            lastDecrease = second;
        }
    }

    private void roll(int second) {
        int today = second / DAY;
        if (today != day) {
            day = today;
            countToday = 0;
        }
    }
}
