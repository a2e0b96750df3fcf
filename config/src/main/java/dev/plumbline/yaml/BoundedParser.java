package dev.plumbline.yaml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Stands between snakeyaml-engine's parser and its composer and refuses, on the event stream and so before
 * any node is built, the shapes the composer cannot survive: lists and mappings nested deeper than a limit
 * (the composer recurses once per level and would overflow the stack), an alias inside the node it names
 * (a merge key on it loops forever), and more documents than a limit (each costs a composed tree). It also
 * remembers where the last event began, to place errors that snakeyaml-engine raises without a position.
 */
final class BoundedParser implements Parser {

    /** Why the event stream was refused, and where; a message for a person, without a stack trace. */
    static final class Refused extends RuntimeException {
        private final transient Optional<Mark> mark;

        Refused(String message, Optional<Mark> mark) {
            super(message, null, false, false);
            this.mark = mark;
        }

        Optional<Mark> mark() {
            return mark;
        }
    }

    private final Parser parser;
    private final int maxDepth;
    private final int maxDocuments;
    private int documents;
    private final Deque<Optional<Anchor>> open = new ArrayDeque<>();
    private final Map<Anchor, Boolean> anchorOpen = new HashMap<>();
    private Optional<Mark> lastMark = Optional.empty();
    private boolean aliases;

    BoundedParser(Parser parser, int maxDepth, int maxDocuments) {
        this.parser = parser;
        this.maxDepth = maxDepth;
        this.maxDocuments = maxDocuments;
    }

    /**
     * Whether the document whose events were handed to the composer last (the one it composed last) holds an
     * alias. One that holds none composes to a tree: no node in it is reached twice.
     */
    boolean documentHasAliases() {
        return aliases;
    }

    /** Where the last event handed to the composer began. */
    Optional<Mark> lastMark() {
        return lastMark;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return parser.hasNext();
    }

    @Override
    public Event next() {
        Event event = parser.next();
        if (event.getStartMark().isPresent()) {
            lastMark = event.getStartMark();
        }
        switch (event.getEventId()) {
            case DocumentStart -> document(event);
            case SequenceStart, MappingStart -> start((NodeEvent) event);
            case SequenceEnd, MappingEnd -> end();
            case Scalar -> ((NodeEvent) event).getAnchor().ifPresent(anchor -> anchorOpen.put(anchor, false));
            case Alias -> alias((AliasEvent) event);
            default -> {
            }
        }
        return event;
    }

    private void document(Event event) {
        if (++documents > maxDocuments) {
            throw new Refused("this file holds more than " + maxDocuments + " documents; a file may hold "
                    + maxDocuments + " at most: split it into several files", event.getStartMark());
        }
        open.clear();
        anchorOpen.clear();
        aliases = false;
    }

    private void start(NodeEvent event) {
        if (open.size() >= maxDepth) {
            throw new Refused("lists and mappings are nested more than " + maxDepth + " levels deep here;"
                    + " reduce the nesting (a '[' or '{' that is never closed can cause this)", event.getStartMark());
        }
        event.getAnchor().ifPresent(anchor -> anchorOpen.put(anchor, true));
        open.push(event.getAnchor());
    }

    private void end() {
        if (!open.isEmpty()) {
            open.pop().ifPresent(anchor -> anchorOpen.put(anchor, false));
        }
    }

    private void alias(AliasEvent event) {
        aliases = true;
        if (Boolean.TRUE.equals(anchorOpen.get(event.getAlias()))) {
            throw new Refused("the alias *" + event.getAlias().getValue() + " refers to a node that contains it; an alias"
                    + " can only repeat a node that is complete before it", event.getStartMark());
        }
    }
}
