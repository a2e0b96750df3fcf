package dev.plumbline.source.git;

import dev.plumbline.snapshot.TreeFile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The regular files below each directory of a mirror's trees as last listed, by the directory's path and
 * kept with the id of its tree: a commit that changes one file of a stack of 10,000 changes the trees on that
 * file's way up only, so its listing lists those again and takes every other directory from here. A tree id
 * names its whole content, so a listing is found again only for the very tree it was made from. One listing
 * is kept per path (the newest), which bounds what is kept by the size of the trees read. Directories with a
 * symbolic link anywhere below are not kept (what a link shows depends on other trees).
 */
final class TreeListings {

    /** A directory's tree and the regular files below it, with their paths as shown. */
    private record Listing(ObjectId tree, List<TreeFile> files) {
    }

    private final Map<String, Listing> byPath = new ConcurrentHashMap<>();

    /** The files below the directory at {@code path} whose tree is {@code tree}, when listed before; else null. */
    List<TreeFile> find(String path, ObjectId tree) {
        Listing listing = byPath.get(path);
        return listing != null && listing.tree().equals(tree) ? listing.files() : null;
    }

    /** Keeps {@code files} as the listing of the directory at {@code path} whose tree is {@code tree}. */
    void keep(String path, ObjectId tree, List<TreeFile> files) {
        byPath.put(path, new Listing(tree.copy(), List.copyOf(files)));
    }
}
