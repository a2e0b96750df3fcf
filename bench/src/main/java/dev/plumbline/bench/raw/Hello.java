package dev.plumbline.bench.raw;

/**
 * The baseline of the CLI figures: a JVM that starts, prints one line and exits, run as {@code java -cp
 * plumbline-bench.jar} with no options. Whatever a {@code plumbline} command takes beyond this is Plumbline's.
 */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
