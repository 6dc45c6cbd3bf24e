package io.dqlite.core.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageDeltaTest {

    private final Random random = new Random(7);

    @Test
    void runsTurnTheBaseIntoThePage() {
        for (int trial = 0; trial < 2000; trial++) {
            byte[] base = new byte[512 << random.nextInt(4)];
            random.nextBytes(base);
            byte[] page = base.clone();
            for (int change = random.nextInt(6); change > 0; change--) {
                int at = random.nextInt(page.length);
                int length = 1 + random.nextInt(Math.min(64, page.length - at));
                for (int i = at; i < at + length; i++) {
                    page[i] = (byte) random.nextInt(256);
                }
            }

            PageDelta delta = PageDelta.between(3, base, page);
            byte[] rebuilt = base.clone();
            delta.applyTo(rebuilt);

            assertThat(rebuilt).as("trial %d", trial).isEqualTo(page);
        }
    }

    @Test
    void anUnchangedPageHasNoRuns() {
        byte[] page = new byte[1024];
        random.nextBytes(page);

        assertThat(PageDelta.between(1, page, page.clone()).runs()).isEmpty();
    }

    @Test
    void changesCloserThanARunHeaderTravelAsOneRun() {
        byte[] base = new byte[512];
        byte[] page = base.clone();
        page[10] = 1;
        page[15] = 1;
        page[100] = 1;

        PageDelta delta = PageDelta.between(1, base, page);

        assertThat(delta.runs()).extracting(PageDelta.Run::offset).containsExactly(10, 100);
        assertThat(delta.runs().get(0).bytes()).hasSize(6);
        assertThat(delta.encodedSize()).isEqualTo(PageDelta.RUN_HEADER * 2 + 6 + 1);
    }

    @Test
    void aChangeAtTheLastByteIsKept() {
        byte[] base = new byte[512];
        byte[] page = base.clone();
        page[511] = 9;

        PageDelta delta = PageDelta.between(1, base, page);

        assertThat(delta.runs()).singleElement().satisfies(run -> {
            assertThat(run.offset()).isEqualTo(511);
            assertThat(run.bytes()).containsExactly(9);
        });
    }

    @Test
    void overlappingRunsAreRefused() {
        assertThatThrownBy(() -> new PageDelta(1, List.of(new PageDelta.Run(0, new byte[4]),
                new PageDelta.Run(3, new byte[1]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 3");
    }

    @Test
    void aRunBeyondThePageIsNotApplied() {
        PageDelta delta = new PageDelta(1, List.of(new PageDelta.Run(510, new byte[4])));

        assertThatThrownBy(() -> delta.applyTo(new byte[512]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond the page");
    }
}
