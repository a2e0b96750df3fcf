package dev.plumbline.agent.secret;

import dev.plumbline.problem.Reasons;
import dev.plumbline.engine.port.SecretResolver;
import dev.plumbline.model.Resource;
import dev.plumbline.provider.WeakIdentityMap;
import dev.plumbline.model.SecretDigest;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.Values;
import dev.plumbline.config.SecretGrants;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.StalledException;
import dev.plumbline.problem.TransientException;
import dev.plumbline.yaml.FieldPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Resolves the secret references of desired resources ({@code ${secret:env:NAME}} from the agent's
 * environment, {@code ${secret:file:PATH}} from a file, relative to the config file's directory, one
 * trailing newline ({@code \n} or {@code \r\n}) dropped) into {@link Sensitive} values, in memory, for the
 * run that compares and applies them. Nothing resolved is kept after the run.
 *
 * <p>Only what the agent config's {@code secrets:} section grants can be read: variables it names, files
 * below its {@code fileRoots} (no {@code ..}, and no link leading out). A reference to anything else is a
 * problem at its manifest position, reported with validation ({@link #check}); a granted secret that cannot
 * be read now is a transient failure (the variable or the file may appear). Messages name the reference as
 * written, never the resolved path, whether a file exists, or a value.
 */
public final class EnvironmentSecrets implements SecretResolver {

    private final Map<String, String> environment;
    private final Path baseDir;
    private final SecretGrants grants;
    private final SecretDigest digest;
    /** False for a plan of a pull request from a fork: secret references are never read, only checked. */
    private final boolean reads;
    /**
     * The resources found to hold no secret template, by identity: a stack's render hands back the very
     * resources of the files a commit did not change, and every run checks and resolves all of them.
     */
    private final WeakIdentityMap<Resource, Boolean> plain = new WeakIdentityMap<>();

    /** Secrets whose inventory digests use a key of this process only (tests, one-shot checks). */
    public EnvironmentSecrets(Map<String, String> environment, Path baseDir, SecretGrants grants) {
        this(environment, baseDir, grants, SecretDigest.PROCESS);
    }

    /** Secrets whose inventory digests use {@code digest}: the agent's {@link DigestKey}. */
    public EnvironmentSecrets(Map<String, String> environment, Path baseDir, SecretGrants grants,
                              SecretDigest digest) {
        this.environment = Map.copyOf(environment);
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.grants = grants;
        this.digest = digest;
        this.reads = true;
    }

    private EnvironmentSecrets(EnvironmentSecrets readable) {
        this.environment = Map.of();
        this.baseDir = readable.baseDir;
        this.grants = readable.grants;
        this.digest = readable.digest;
        this.reads = false;
    }

    /**
     * Secrets checked against the same grants but never read: each reference resolves to a value no live
     * object holds ({@link #UNREAD}), so a field that holds one shows as changed and masked. For plans of
     * commits someone outside the repository wrote (a pull request from a fork): nothing of the agent's
     * environment or files reaches them, not even whether a guess equals a secret.
     */
    public EnvironmentSecrets withoutValues() {
        return new EnvironmentSecrets(this);
    }

    /** What an unread secret reference stands for: random per process, so it matches no live value. */
    static final String UNREAD = "\0unread-secret-" + java.util.UUID.randomUUID();

    @Override
    public List<Problem> check(List<Resource> resources) {
        List<Problem> problems = new ArrayList<>();
        for (Resource resource : resources) {
            if (isPlain(resource)) {
                continue;
            }
            visit(resource.document(), FieldPath.root(), (path, template) -> {
                for (SecretTemplate.Reference reference : template.references()) {
                    refusal(reference).ifPresent(why -> problems.add(Problem.at(resource.location(path), why)));
                }
            });
        }
        return problems;
    }

    /** Calls {@code found} for every secret template in the tree, copying nothing (every run checks every resource). */
    private static void visit(Object value, FieldPath path, java.util.function.BiConsumer<FieldPath, SecretTemplate> found) {
        if (value instanceof SecretTemplate template) {
            found.accept(path, template);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                if (item instanceof Map<?, ?> || item instanceof List<?> || item instanceof SecretTemplate) {
                    visit(item, path.key(String.valueOf(key)), found);
                }
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof Map<?, ?> || item instanceof List<?> || item instanceof SecretTemplate) {
                    visit(item, path.index(i), found);
                }
            }
        }
    }

    /** Why a reference may never be read; empty when the config grants it. */
    private Optional<String> refusal(SecretTemplate.Reference reference) {
        String written = "${secret:" + reference.kind() + ":" + reference.name() + "}";
        if (reference.kind().equals("env")) {
            return grants.grantsEnv(reference.name()) ? Optional.empty() : Optional.of("the secret reference "
                    + written + " is not granted: the agent config's secrets.env must list " + reference.name()
                    + " (or a prefix of it ending in *)");
        }
        if (Arrays.asList(reference.name().split("[/\\\\]")).contains("..")) {
            return Optional.of("the secret reference " + written + " may not contain '..'; name the file below"
                    + " a directory of the agent config's secrets.fileRoots");
        }
        return grants.grantsFile(file(reference.name())) ? Optional.empty() : Optional.of("the secret reference "
                + written + " is not granted: it must name a file below a directory of the agent config's"
                + " secrets.fileRoots");
    }

    private Path file(String name) {
        return baseDir.resolve(name).normalize();
    }

    @Override
    public List<Resource> resolve(List<Resource> resources) {
        List<Problem> refused = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Resource> resolved = new ArrayList<>();
        for (Resource resource : resources) {
            if (isPlain(resource)) {
                resolved.add(resource); // most resources name no secret: kept as they are, not copied
                continue;
            }
            Object document = walk(resource.document(), FieldPath.root(),
                    (path, template) -> resolve(template, resource, path, refused, problems));
            resolved.add(resource.withDocument(Values.map(document)));
        }
        if (!refused.isEmpty()) {
            // validation reports these first (check); a caller that skipped it still reads nothing ungranted
            throw new StalledException(Reasons.VALIDATION_FAILED, refused);
        }
        if (!problems.isEmpty()) {
            throw new TransientException(Reasons.SECRET_UNAVAILABLE, String.join("\n",
                    problems.stream().map(Problem::toString).toList()));
        }
        return resolved;
    }

    private Object resolve(SecretTemplate template, Resource resource, FieldPath path, List<Problem> refused,
                           List<Problem> problems) {
        Matcher reference = SecretTemplate.REFERENCE.matcher(template.text());
        StringBuilder value = new StringBuilder();
        while (reference.find()) {
            Optional<String> refusal = refusal(new SecretTemplate.Reference(reference.group(1), reference.group(2)));
            refusal.ifPresent(why -> refused.add(Problem.at(resource.location(path), why)));
            String secret = refusal.isPresent() ? ""
                    : read(reference.group(1), reference.group(2), resource, path, problems);
            reference.appendReplacement(value, Matcher.quoteReplacement(secret));
        }
        reference.appendTail(value);
        return new Sensitive(value.toString().replace("$${", "${"), digest);
    }

    private String read(String kind, String name, Resource resource, FieldPath path, List<Problem> problems) {
        if (!reads) {
            return UNREAD;
        }
        String written = "${secret:" + kind + ":" + name + "}";
        if (kind.equals("env")) {
            String value = environment.get(name);
            if (value == null) {
                problems.add(Problem.at(resource.location(path), "the secret " + written + " is not set in the"
                        + " agent's environment"));
                return "";
            }
            return value;
        }
        Optional<String> value = readBelowRoots(file(name));
        if (value.isEmpty()) {
            problems.add(Problem.at(resource.location(path), "the secret " + written + " cannot be read (a"
                    + " readable UTF-8 file below secrets.fileRoots, no link leading out, is needed)"));
            return "";
        }
        String text = value.get();
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** The file's text when it is, links followed, still below a granted root; empty for anything else. */
    private Optional<String> readBelowRoots(Path file) {
        try {
            Path real = file.toRealPath();
            boolean below = false;
            for (Path root : grants.fileRoots()) {
                if (Files.isDirectory(root)) {
                    Path realRoot = root.toRealPath();
                    below |= real.startsWith(realRoot) && !real.equals(realRoot);
                }
            }
            if (!below || !Files.isRegularFile(real)) {
                return Optional.empty();
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(real))).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A copy of the tree with every secret template replaced. */
    private static Object walk(Object value, FieldPath path, Replacer replace) {
        if (value instanceof SecretTemplate template) {
            return replace.apply(path, template);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), walk(item, path.key(String.valueOf(key)),
                    replace)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                copy.add(walk(list.get(i), path.index(i), replace));
            }
            return copy;
        }
        return value;
    }

    /** Whether the tree holds a secret template anywhere; allocates nothing. */
    /** Whether {@code resource} holds no secret template; remembered for the very object. */
    private boolean isPlain(Resource resource) {
        if (plain.get(resource).isPresent()) {
            return true;
        }
        if (holdsTemplate(resource.document())) {
            return false;
        }
        plain.put(resource, Boolean.TRUE);
        return true;
    }

    private static boolean holdsTemplate(Object value) {
        if (value instanceof SecretTemplate) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Object item : map.values()) {
                if (holdsTemplate(item)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (holdsTemplate(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    @FunctionalInterface
    private interface Replacer {
        Object apply(FieldPath path, SecretTemplate template);
    }
}
