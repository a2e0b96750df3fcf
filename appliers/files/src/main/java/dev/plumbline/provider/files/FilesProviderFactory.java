package dev.plumbline.provider.files;

import dev.plumbline.config.ProviderConfig;
import dev.plumbline.config.Settings;
import dev.plumbline.problem.Problem;
import dev.plumbline.provider.Provider;
import dev.plumbline.provider.ProviderFactory;
import dev.plumbline.provider.Territory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes {@link FilesProvider}s from config entries like {@code { name: local, type: files, root: /srv/app-config }}.
 * A relative {@code root} resolves against the config file's directory. The root need not exist yet (the
 * first apply creates it); only a root that exists and is not a directory is refused here.
 */
public final class FilesProviderFactory implements ProviderFactory {

    private static final Set<String> KEYS = Set.of("root");

    @Override
    public String type() {
        return FilesProvider.TYPE;
    }

    @Override
    public Optional<Provider> create(ProviderConfig config, List<Problem> problems) {
        int before = problems.size();
        Settings settings = config.settings();
        settings.checkKnown(KEYS, problems);
        Optional<Path> root = settings.requiredPath("root", problems);
        if (root.isPresent() && Files.exists(root.get()) && !Files.isDirectory(root.get())) {
            problems.add(Problem.at(settings.location("root"), "root " + root.get() + " of provider '"
                    + config.name() + "' exists but is not a directory"));
        }
        if (root.isEmpty() || problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new FilesProvider(config.name(), root.get()));
    }

    /** The root, links resolved as far as it exists; roots that are the same or one inside the other overlap. */
    @Override
    public Optional<Territory> territory(ProviderConfig config) {
        return config.settings().requiredPath("root", new ArrayList<>()).map(root -> {
            Path real = root.toAbsolutePath().normalize();
            try {
                real = real.toRealPath();
            } catch (IOException | RuntimeException e) {
                // not there yet: as written
            }
            String scope = real.toString().endsWith("/") ? real.toString() : real + "/";
            return new Territory(FilesProvider.TYPE, Set.of("this host"), scope, true, "files root " + real);
        });
    }
}
