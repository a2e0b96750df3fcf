package dev.plumbline.bench;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers as the table and the JSON show them: four significant digits, no trailing zeros. */
public final class Numbers {

    private static final MathContext DIGITS = new MathContext(4);

    private Numbers() {
    }

    public static BigDecimal round(double value) {
        BigDecimal rounded = new BigDecimal(value).round(DIGITS).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }

    public static String format(double value) {
        return round(value).toPlainString();
    }
}
