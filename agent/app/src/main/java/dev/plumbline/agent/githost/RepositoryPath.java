package dev.plumbline.agent.githost;

import dev.plumbline.config.GitHostConfig;

/** Reads {@code sources[].host.repository} the way the host names repositories. */
final class RepositoryPath {

    private RepositoryPath() {
    }

    /**
     * The repository's two parts ({@code owner}, {@code name}); for GitLab, whose projects sit at any depth of
     * groups, the last part is the project and the first everything before it.
     */
    static String[] parse(GitHostConfig config) {
        String repository = config.repository();
        String[] parts = repository.split("/", -1);
        boolean emptyPart = false;
        for (String part : parts) {
            emptyPart |= part.isBlank() || !part.equals(part.strip());
        }
        boolean gitlab = config.type() == GitHostConfig.Type.GITLAB;
        if (parts.length < 2 || emptyPart || (!gitlab && parts.length > 2)) {
            throw new IllegalArgumentException("sources[].host.repository at " + config.location() + " must be "
                    + form(config.type()) + " for a " + config.type().word() + " host, not '" + repository + "'");
        }
        int last = repository.lastIndexOf('/');
        return new String[] {repository.substring(0, last), repository.substring(last + 1)};
    }

    private static String form(GitHostConfig.Type type) {
        return switch (type) {
            case GITHUB, GITEA -> "owner/name, with one slash";
            case GITLAB -> "the project's path, like group/project or group/sub/project";
            case BITBUCKET_CLOUD -> "workspace/slug, with one slash";
            case BITBUCKET_SERVER -> "PROJECT/slug, with one slash";
        };
    }
}
