package dev.plumbline.agent.report;

import dev.plumbline.config.GitHostConfig;
import dev.plumbline.config.SourceConfig;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web links to a source's commits, derived from its clone URL and host type: GitHub and Gitea
 * {@code <web>/commit/<sha>}, GitLab {@code <web>/-/commit/<sha>}, Bitbucket Cloud {@code <web>/commits/<sha>},
 * Bitbucket Server {@code <base>/projects/<P>/repos/<slug>/commits/<sha>}. A URL that is not http(s) or
 * {@code git@host:path} (a file path, a {@code git://} daemon) gives no link. Credentials in the URL are
 * never part of a link.
 */
public final class CommitLinks {

    private static final Pattern SCP = Pattern.compile("[^@/]+@([^:/]+):(.+)");

    private CommitLinks() {
    }

    /** The commit's web page, when one can be derived. */
    public static Optional<String> of(SourceConfig source, String sha) {
        Optional<String> web = webBase(source.url());
        if (web.isEmpty()) {
            return Optional.empty();
        }
        GitHostConfig.Type type = source.host().map(GitHostConfig::type).orElse(GitHostConfig.Type.GITHUB);
        String base = web.get();
        return Optional.of(switch (type) {
            case GITLAB -> base + "/-/commit/" + sha;
            case BITBUCKET_CLOUD -> base + "/commits/" + sha;
            case BITBUCKET_SERVER -> bitbucketServer(source, base) + "/commits/" + sha;
            case GITHUB, GITEA -> base + "/commit/" + sha;
        });
    }

    /** {@code https://host/path} of the repository, without credentials, {@code .git} or a trailing slash. */
    static Optional<String> webBase(String url) {
        Matcher scp = SCP.matcher(url);
        if (scp.matches() && !url.contains("://")) {
            return Optional.of("https://" + scp.group(1) + "/" + trim(scp.group(2)));
        }
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null) {
                return Optional.empty();
            }
            String web = scheme.equals("http") || scheme.equals("https") ? scheme : scheme.equals("ssh") ? "https" : null;
            if (web == null) {
                return Optional.empty();
            }
            boolean keepPort = uri.getPort() > 0 && !scheme.equals("ssh");
            return Optional.of(web + "://" + uri.getHost() + (keepPort ? ":" + uri.getPort() : "")
                    + "/" + trim(uri.getPath()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Bitbucket Server clones at {@code <base>/scm/<project>/<slug>.git}; its pages are elsewhere. */
    private static String bitbucketServer(SourceConfig source, String base) {
        String repository = source.host().map(GitHostConfig::repository).orElse("");
        int slash = repository.indexOf('/');
        int scm = base.indexOf("/scm/");
        if (slash < 0 || scm < 0) {
            return base;
        }
        return base.substring(0, scm) + "/projects/" + repository.substring(0, slash) + "/repos/"
                + repository.substring(slash + 1);
    }

    private static String trim(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.endsWith(".git") ? trimmed.substring(0, trimmed.length() - 4) : trimmed;
    }
}
