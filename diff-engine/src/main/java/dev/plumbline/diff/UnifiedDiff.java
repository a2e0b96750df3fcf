package dev.plumbline.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/**
 * A unified diff (as {@code diff -u} prints it) between the YAML of live and desired state, with three
 * lines of context. Empty when the two render the same.
 */
public final class UnifiedDiff {

    private UnifiedDiff() {
    }

    public static List<String> of(Object live, Object desired, String liveLabel, String desiredLabel) {
        List<String> liveLines = YamlText.lines(live);
        List<String> desiredLines = YamlText.lines(desired);
        Patch<String> patch = DiffUtils.diff(liveLines, desiredLines);
        if (patch.getDeltas().isEmpty()) {
            return List.of();
        }
        return UnifiedDiffUtils.generateUnifiedDiff(liveLabel, desiredLabel, liveLines, patch, 3);
    }
}
