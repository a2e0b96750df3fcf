package dev.plumbline.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The few statistics the figures use, over samples in seconds (or any unit). */
public final class Stats {

    private Stats() {
    }

    public static double mean(List<Double> samples) {
        requireSome(samples);
        return samples.stream().mapToDouble(Double::doubleValue).sum() / samples.size();
    }

    /** The median: the middle sample, or the mean of the two middle ones. */
    public static double median(List<Double> samples) {
        requireSome(samples);
        List<Double> sorted = sorted(samples);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The nearest-rank percentile: the smallest sample that at least {@code percent}% of them do not exceed. */
    public static double percentile(List<Double> samples, int percent) {
        requireSome(samples);
        List<Double> sorted = sorted(samples);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** Samples as a short list for a progress line: {@code 0.412 0.398 0.405}. */
    public static String list(List<Double> samples) {
        StringBuilder text = new StringBuilder();
        for (double sample : samples) {
            text.append(text.length() == 0 ? "" : " ").append(Numbers.format(sample));
        }
        return text.toString();
    }

    private static List<Double> sorted(List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted;
    }

    private static void requireSome(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
    }
}
