package dev.plumbline.render;

import dev.plumbline.model.SecretTemplate;
import dev.plumbline.problem.Location;
import dev.plumbline.problem.Problem;
import dev.plumbline.yaml.YamlTree;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${name}} in scalar values with the stack's variables. {@code $${} writes a literal
 * {@code ${}. An unknown variable, an unclosed reference or a malformed name is a problem at the value's
 * position. Substitution happens in parsed values, never in raw text, so a variable cannot inject YAML.
 * A value with a secret reference ({@code ${secret:env:NAME}}, {@code ${secret:file:PATH}}) becomes a
 * {@link SecretTemplate}: the references stay unresolved (and {@code $${} stays escaped) until the run
 * that applies resolves them.
 */
public final class Interpolator implements YamlTree.ScalarRewriter {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String SECRET = "secret:";

    private final Map<String, String> vars;

    public Interpolator(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    @Override
    public Object value(String text, Location location, List<Problem> problems) {
        if (!hasSecret(text)) {
            return rewrite(text, location, problems);
        }
        String template = substitute(text, location, problems, true);
        return new SecretTemplate(template);
    }

    @Override
    public String rewrite(String text, Location location, List<Problem> problems) {
        if (hasSecret(text)) {
            problems.add(Problem.at(location, "a key cannot hold a secret; put ${secret:...} in a value"));
            return text;
        }
        return substitute(text, location, problems, false);
    }

    /** Whether the text holds a secret reference; text without "${" (nearly every value) holds none. */
    private static boolean hasSecret(String text) {
        return text.contains("${") && SecretTemplate.REFERENCE.matcher(text.replace("$${", "\0")).find();
    }

    /** Substitutes variables; in a template, secret references and {@code $${} escapes are kept as they are. */
    private String substitute(String text, Location location, List<Problem> problems, boolean template) {
        if (!text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append(template ? "$${" : "${");
                i += 3;
            } else if (template && text.startsWith("${" + SECRET, i) && text.indexOf('}', i) > 0) {
                int end = text.indexOf('}', i);
                String reference = text.substring(i, end + 1);
                if (!SecretTemplate.REFERENCE.matcher(reference).matches()) {
                    problems.add(Problem.at(location, "'" + reference + "' is not a secret reference; write"
                            + " ${secret:env:NAME} or ${secret:file:PATH}"));
                }
                out.append(reference);
                i = end + 1;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.add(Problem.at(location, "'${' is not closed; write ${name}, or $${ for a literal ${"));
                    return text;
                }
                String name = text.substring(i + 2, end);
                if (name.startsWith(SECRET)) {
                    problems.add(Problem.at(location, "'${" + name + "}' is not a secret reference; write"
                            + " ${secret:env:NAME} or ${secret:file:PATH} (a secret comes from the agent's environment"
                            + " or a file, nowhere else)"));
                } else if (!NAME.matcher(name).matches()) {
                    problems.add(Problem.at(location, "'${" + name + "}' is not a variable reference; write ${name}"
                            + " with a name from the stack's vars, or $${ for a literal ${"));
                } else if (!vars.containsKey(name)) {
                    problems.add(Problem.at(location, "unknown variable '" + name + "'; "
                            + (vars.isEmpty() ? "the stack defines no vars"
                            : "the stack's vars are: " + String.join(", ", new TreeSet<>(vars.keySet())))));
                } else {
                    out.append(vars.get(name));
                }
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }
}
