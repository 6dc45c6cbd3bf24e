package io.dqlite.jdbc.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithJitterAndStopAtTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), new Random(7));
        for (int sample = 0; sample < 200; sample++) {
            assertThat(backoff.delay(0)).isBetween(Duration.ofMillis(25), Duration.ofMillis(50));
            assertThat(backoff.delay(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(backoff.delay(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(backoff.delay(10)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(backoff.delay(Integer.MAX_VALUE)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        }
    }

    @Test
    void jitterSpreadsTheDelays() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(7));
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.delay(2)).distinct().count())
                .isGreaterThan(40);
    }
}
