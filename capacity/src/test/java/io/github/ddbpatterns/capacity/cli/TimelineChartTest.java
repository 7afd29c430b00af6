package io.github.ddbpatterns.capacity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbpatterns.capacity.CapacitySimulator;
import io.github.ddbpatterns.capacity.ProfileGenerator;
import io.github.ddbpatterns.capacity.SimulationReport;
import io.github.ddbpatterns.capacity.Strategy;
import io.github.ddbpatterns.capacity.TrafficProfile;
import io.github.ddbpatterns.core.InvalidInputException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TimelineChart#writePng}: the planner's chart of a report of one's own, and its checks. */
class TimelineChartTest {

    static TrafficProfile day;
    static SimulationReport report;

    @BeforeAll
    static void simulate() {
        System.setProperty("java.awt.headless", "true");
        day = ProfileGenerator.parse("baseline=100,spike=10000x120s@10:00").build();
        report = CapacitySimulator.ofDefaults()
                .simulate(day, List.of(Strategy.onDemand(), Strategy.autoScaling(143, 40_000)));
    }

    @Test
    void writePng_whenTheSaleSecondBySecond_writesAPngOfTheSizeAsked(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("sale.png");

        TimelineChart.writePng(png, "The 10:00 sale", day, report, 35_700, 37_200, 800, 500);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
    }

    @Test
    void writePng_whenTheSpanIsOutsideTheProfile_failsNamingTheBoundBeforeWritingAnything(@TempDir Path dir) {
        Path png = dir.resolve("never.png");

        assertThatThrownBy(() -> TimelineChart.writePng(png, "t", day, report, 86_000, 86_401, 800, 500))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("toSecond")
                .hasMessageContaining("86401");
        assertThatThrownBy(() -> TimelineChart.writePng(png, "t", day, report, 100, 100, 800, 500))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("toSecond");
        assertThatThrownBy(() -> TimelineChart.writePng(png, "t", day, report, -1, 100, 800, 500))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("fromSecond");
        assertThatThrownBy(() -> TimelineChart.writePng(png, "t", day, report, 0, 100, 0, 500))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("width");
        assertThat(png).doesNotExist();
    }

    @Test
    void writePng_whenTheReportIsOfAnotherProfile_failsNamingTheReport(@TempDir Path dir) {
        TrafficProfile hour = ProfileGenerator.parse("duration=1h,baseline=100").build();

        assertThatThrownBy(() -> TimelineChart.writePng(dir.resolve("x.png"), "t", hour, report, 0, 60, 800, 500))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("report")
                .hasMessageContaining("3600");
    }
}
