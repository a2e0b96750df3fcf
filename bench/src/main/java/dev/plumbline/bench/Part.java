package dev.plumbline.bench;

import java.util.List;

/**
 * One part of the bench: a setup shared by some figures (a generated stack, a running agent, a server) and
 * the rounds that measure them. A part that fails leaves its figures unmeasured, with the failure as their
 * note; the other parts still run.
 */
public interface Part {

    /** The name {@code --only} knows it by. */
    String name();

    /** The figures it measures. */
    List<Figure.Spec> figures();

    /** Measures its figures into {@code results}; what it had measured before a failure is kept. */
    void run(Results results) throws Exception;
}
