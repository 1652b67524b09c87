package io.timebank.api;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The latency of a transfer against the number of concurrent clients, as a PNG the performance page shows. */
final class LatencyChart {

    private LatencyChart() {
    }

    static void write(Path file, String title, List<ClosedLoop.Result> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection series = new XYSeriesCollection();
        for (double percentile : new double[] {50, 99, 99.9}) {
            XYSeries line = new XYSeries("p" + (percentile == Math.rint(percentile) ? String.valueOf((int) percentile)
                : String.valueOf(percentile)));
            for (ClosedLoop.Result result : results) {
                if (result.answered() > 0) {
                    line.add(result.clients(), result.percentileMillis(percentile));
                }
            }
            series.addSeries(line);
        }
        LogAxis clients = new LogAxis("concurrent HTTP clients (log scale)");
        // Clients at whole powers of two, labelled as plain numbers; latency on a linear scale from zero.
        clients.setBase(2);
        clients.setTickUnit(new NumberTickUnit(1));
        clients.setNumberFormatOverride(new DecimalFormat("0"));
        NumberAxis millis = new NumberAxis("latency, ms");
        millis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colors = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0xd62728)};
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(series, clients, millis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
    }
}
