package dev.plumbline.provider.files;

import dev.plumbline.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code File} resources of one stack as its last check found them, every one valid and no two in
 * conflict, with their paths sorted, so that the next check of the stack looks only at what changed. A commit
 * that changes one file of 10,000 gives the stack the very same resource objects again for the other 9,999
 * and in the same order (by manifest path): the resources that differ are one run in the middle, between a
 * first and a last part that are the same objects. Only that run is checked, each new path against the
 * paths of all the others, sorted name by name (the same path, a path running through it, a path it runs through), which
 * finds exactly the conflicts a check of the whole stack would find. When anything is wrong, or the run is a
 * large part of the stack, the caller checks the whole stack instead, for the same messages in the same order.
 *
 * <p>Not thread-safe: a check takes it out of the provider's map, and puts it back when it holds.
 */
final class CheckedPaths {

    /** Changed runs longer than one resource in this many of the stack are checked the whole way. */
    private static final int LARGEST_PART = 4;

    private List<Resource> resources;
    private List<RelativePath> paths;
    /** {@code paths} sorted name by name ({@link RelativePath#byNames}): the paths below one are right after it. */
    private final ArrayList<RelativePath> sorted;

    private CheckedPaths(List<Resource> resources, List<RelativePath> paths, ArrayList<RelativePath> sorted) {
        this.resources = resources;
        this.paths = paths;
        this.sorted = sorted;
    }

    /** What a check of the whole stack found: every resource valid, at the path beside it, none in conflict. */
    static CheckedPaths of(List<Resource> resources, List<RelativePath> paths) {
        if (resources.size() != paths.size()) {
            throw new IllegalArgumentException(resources.size() + " resources and " + paths.size() + " paths");
        }
        ArrayList<RelativePath> sorted = new ArrayList<>(paths);
        sorted.sort(RelativePath::byNames);
        return new CheckedPaths(List.copyOf(resources), List.copyOf(paths), sorted);
    }

    /**
     * Moves on to {@code next}, the stack's resources now, checking only the run of them that are not the
     * objects checked before; {@code validPath} gives the path of a resource valid on its own, or empty. False
     * (and this object no longer usable) when a changed resource is not valid, conflicts with another, or the
     * change is too large: the whole stack is to be checked then.
     */
    boolean advance(List<Resource> next, Function<Resource, Optional<RelativePath>> validPath) {
        int before = resources.size();
        int after = next.size();
        int shorter = Math.min(before, after);
        int first = 0;
        while (first < shorter && next.get(first) == resources.get(first)) {
            first++;
        }
        int last = 0;
        while (last < shorter - first && next.get(after - 1 - last) == resources.get(before - 1 - last)) {
            last++;
        }
        int gone = before - first - last;
        int fresh = after - first - last;
        if (gone + fresh > Math.max(1, after / LARGEST_PART)) {
            return false;
        }
        for (int index = first; index < before - last; index++) {
            RelativePath path = paths.get(index);
            int at = find(path);
            if (at == sorted.size() || !sorted.get(at).equals(path)) {
                return false; // never so, since every path checked is held: the whole check is the safe answer
            }
            sorted.remove(at);
        }
        List<RelativePath> added = new ArrayList<>(fresh);
        for (int index = first; index < after - last; index++) {
            RelativePath path = validPath.apply(next.get(index)).orElse(null);
            if (path == null || conflicts(path)) {
                return false;
            }
            sorted.add(find(path), path);
            added.add(path);
        }
        List<RelativePath> nextPaths = new ArrayList<>(after);
        nextPaths.addAll(paths.subList(0, first));
        nextPaths.addAll(added);
        nextPaths.addAll(paths.subList(before - last, before));
        resources = List.copyOf(next);
        paths = nextPaths;
        return true;
    }

    /** Whether {@code path} is held already, runs through a path held, or a path held runs through it. */
    private boolean conflicts(RelativePath path) {
        int at = find(path);
        if (at < sorted.size() && sorted.get(at).startsWith(path)) {
            return true; // the same path, or a file below it (it would have to be a directory)
        }
        for (RelativePath directory : path.ancestors()) {
            int held = find(directory);
            if (held < sorted.size() && sorted.get(held).equals(directory)) {
                return true; // a file where it needs a directory
            }
        }
        return false;
    }

    /** The index of the first sorted path not before {@code path}. */
    private int find(RelativePath path) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (RelativePath.byNames(sorted.get(middle), path) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** How many resources it holds, for tests. */
    int size() {
        return sorted.size();
    }
}
