package io.github.ddbpatterns.core.keys;

/** A size shown in an error message in place of the value it measures (keys may be personal data). */
record ByteCount(long bytes) {

    @Override
    public String toString() {
        return bytes + " bytes (value not shown)";
    }
}
