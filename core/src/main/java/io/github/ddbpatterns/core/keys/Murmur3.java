package io.github.ddbpatterns.core.keys;

/**
 * MurmurHash3 x86 32-bit (Austin Appleby's reference {@code MurmurHash3_x86_32}), the only hash used to
 * compute shards. Frozen on purpose: the same bytes and seed give the same value on every JVM, every
 * version of this library and every language with a reference port (Guava's {@code murmur3_32_fixed},
 * Python's {@code mmh3.hash(..., signed=False)}), so shards computed elsewhere agree with ours.
 */
final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {}

    /** The 32-bit hash of {@code data} with {@code seed}. */
    static int hash32(byte[] data, int seed) {
        int h1 = seed;
        int length = data.length;
        int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            int offset = i * 4;
            int k1 = (data[offset] & 0xff)
                    | (data[offset + 1] & 0xff) << 8
                    | (data[offset + 2] & 0xff) << 16
                    | (data[offset + 3] & 0xff) << 24;
            k1 *= C1;
            k1 = Integer.rotateLeft(k1, 15);
            k1 *= C2;
            h1 ^= k1;
            h1 = Integer.rotateLeft(h1, 13);
            h1 = h1 * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int remaining = length & 3;
        if (remaining > 0) {
            int k1 = 0;
            if (remaining == 3) {
                k1 ^= (data[tail + 2] & 0xff) << 16;
            }
            if (remaining >= 2) {
                k1 ^= (data[tail + 1] & 0xff) << 8;
            }
            k1 ^= data[tail] & 0xff;
            k1 *= C1;
            k1 = Integer.rotateLeft(k1, 15);
            k1 *= C2;
            h1 ^= k1;
        }
        h1 ^= length;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >>> 16;
        return h1;
    }
}
