package dev.plumbline.agent.secret;

import dev.plumbline.problem.Reasons;
import dev.plumbline.engine.port.SecretResolver;
import dev.plumbline.model.Resource;
import dev.plumbline.model.SecretTemplate;
import dev.plumbline.model.Sensitive;
import dev.plumbline.model.Values;
import dev.plumbline.problem.Problem;
import dev.plumbline.problem.TransientException;
import dev.plumbline.yaml.FieldPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Resolves the secret references of desired resources ({@code ${secret:env:NAME}} from the agent's
 * environment, {@code ${secret:file:PATH}} from a file, relative to the config file's directory, its
 * trailing newline dropped) into {@link Sensitive} values, in memory, for the run that compares and applies
 * them. Nothing resolved is kept after the run. A secret that cannot be read is a transient failure (the
 * environment or the file may appear) naming the manifest position, never the value.
 */
public final class EnvironmentSecrets implements SecretResolver {

    private final Map<String, String> environment;
    private final Path baseDir;

    public EnvironmentSecrets(Map<String, String> environment, Path baseDir) {
        this.environment = Map.copyOf(environment);
        this.baseDir = baseDir;
    }

    @Override
    public List<Resource> resolve(List<Resource> resources) {
        List<Problem> problems = new ArrayList<>();
        List<Resource> resolved = new ArrayList<>();
        for (Resource resource : resources) {
            Object document = walk(resource.document(), FieldPath.root(),
                    (path, template) -> resolve(template, resource, path, problems));
            resolved.add(resource.withDocument(Values.map(document)));
        }
        if (!problems.isEmpty()) {
            throw new TransientException(Reasons.SECRET_UNAVAILABLE, String.join("\n",
                    problems.stream().map(Problem::toString).toList()));
        }
        return resolved;
    }

    private Object resolve(SecretTemplate template, Resource resource, FieldPath path, List<Problem> problems) {
        Matcher reference = SecretTemplate.REFERENCE.matcher(template.text());
        StringBuilder value = new StringBuilder();
        while (reference.find()) {
            String secret = read(reference.group(1), reference.group(2), resource, path, problems);
            reference.appendReplacement(value, Matcher.quoteReplacement(secret));
        }
        reference.appendTail(value);
        return new Sensitive(value.toString().replace("$${", "${"));
    }

    private String read(String kind, String name, Resource resource, FieldPath path, List<Problem> problems) {
        if (kind.equals("env")) {
            String value = environment.get(name);
            if (value == null) {
                problems.add(Problem.at(resource.location(path), "the secret in environment variable " + name
                        + " is not set for the agent"));
                return "";
            }
            return value;
        }
        Path file = baseDir.resolve(name).normalize();
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8);
            return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (IOException e) {
            problems.add(Problem.at(resource.location(path), "the secret file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")"));
            return "";
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

    @FunctionalInterface
    private interface Replacer {
        Object apply(FieldPath path, SecretTemplate template);
    }
}
