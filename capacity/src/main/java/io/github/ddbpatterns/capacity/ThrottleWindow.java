package io.github.ddbpatterns.capacity;

/**
 * Consecutive seconds in which the table refused requests.
 *
 * @param startSecond first second with throttling
 * @param endSecond the second after the last one with throttling
 * @param throttledRequests read and write requests refused in the window
 */
public record ThrottleWindow(int startSecond, int endSecond, double throttledRequests) {

    /**
     * Length of the window.
     *
     * @return seconds
     */
    public int seconds() {
        return endSecond - startSecond;
    }
}
