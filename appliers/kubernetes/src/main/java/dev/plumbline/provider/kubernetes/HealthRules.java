package dev.plumbline.provider.kubernetes;

import dev.plumbline.model.Values;
import dev.plumbline.provider.Health;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a live Kubernetes object is doing, from its {@code status}, by the rules Argo CD's health checks follow
 * for the built-in kinds: a Deployment, StatefulSet or DaemonSet rolled out (every replica updated and
 * available, the controller caught up with the last change), a Job complete (or failed: degraded), a Pod
 * running and ready (or failed, or a container crash-looping: degraded), a PersistentVolumeClaim bound, a
 * Service of type LoadBalancer with an address, a CustomResourceDefinition established. Any other kind is
 * healthy once it is there.
 */
final class HealthRules {

    private HealthRules() {
    }

    static Health of(String group, String kind, Map<String, Object> object) {
        Map<String, Object> status = Values.map(object.get("status"));
        Map<String, Object> spec = Values.map(object.get("spec"));
        long generation = number(Values.map(object.get("metadata")).get("generation"), 0);
        return switch (group + "/" + kind) {
            case "apps/Deployment" -> deployment(spec, status, generation);
            case "apps/StatefulSet" -> rollout(generation, status, number(spec.get("replicas"), 1),
                    number(status.get("updatedReplicas"), 0), number(status.get("readyReplicas"), 0), "ready");
            case "apps/DaemonSet" -> rollout(generation, status, number(status.get("desiredNumberScheduled"), 0),
                    number(status.get("updatedNumberScheduled"), 0), number(status.get("numberAvailable"), 0),
                    "available");
            case "batch/Job" -> job(status);
            case "/Pod" -> pod(status);
            case "/PersistentVolumeClaim" -> "Bound".equals(status.get("phase")) ? Health.healthy("bound")
                    : "Lost".equals(status.get("phase")) ? Health.degraded("its volume is lost")
                    : Health.progressing("not bound yet (phase " + status.getOrDefault("phase", "Pending") + ")");
            case "/Service" -> !"LoadBalancer".equals(spec.get("type")) ? Health.healthy("present")
                    : Values.list(Values.map(status.get("loadBalancer")).get("ingress")).isEmpty()
                    ? Health.progressing("waiting for the load balancer's address")
                    : Health.healthy("has an address");
            case "apiextensions.k8s.io/CustomResourceDefinition" -> condition(status, "Established")
                    .filter("True"::equals).isPresent() ? Health.healthy("established")
                    : Health.progressing("not established yet");
            default -> Health.healthy("present");
        };
    }

    private static Health deployment(Map<String, Object> spec, Map<String, Object> status, long generation) {
        Optional<Map<String, Object>> progressing = conditionObject(status, "Progressing");
        if (progressing.map(found -> "ProgressDeadlineExceeded".equals(found.get("reason"))).orElse(false)) {
            return Health.degraded("the rollout exceeded its progress deadline: " + progressing.get()
                    .getOrDefault("message", ""));
        }
        return rollout(generation, status, number(spec.get("replicas"), 1), number(status.get("updatedReplicas"), 0),
                number(status.get("availableReplicas"), 0), "available");
    }

    private static Health rollout(long generation, Map<String, Object> status, long wanted, long updated, long ready,
                                  String readiness) {
        if (number(status.get("observedGeneration"), 0) < generation) {
            return Health.progressing("the controller has not seen the last change yet");
        }
        if (updated < wanted || ready < wanted) {
            return Health.progressing(updated + " of " + wanted + " replicas updated, " + ready + " " + readiness);
        }
        return Health.healthy(wanted + " of " + wanted + " replicas updated and " + readiness);
    }

    private static Health job(Map<String, Object> status) {
        if (condition(status, "Failed").filter("True"::equals).isPresent()) {
            return Health.degraded("failed: " + conditionObject(status, "Failed").map(found -> found
                    .getOrDefault("message", found.getOrDefault("reason", ""))).orElse(""));
        }
        if (condition(status, "Complete").filter("True"::equals).isPresent()) {
            return Health.healthy("complete");
        }
        return Health.progressing("running (" + number(status.get("succeeded"), 0) + " succeeded)");
    }

    private static Health pod(Map<String, Object> status) {
        String phase = String.valueOf(status.getOrDefault("phase", "Pending"));
        for (Object container : Values.list(status.get("containerStatuses"))) {
            Map<String, Object> waiting = Values.map(Values.map(Values.map(container).get("state")).get("waiting"));
            if ("CrashLoopBackOff".equals(waiting.get("reason")) || "ImagePullBackOff".equals(waiting.get("reason"))
                    || "ErrImagePull".equals(waiting.get("reason"))) {
                return Health.degraded("container " + Values.map(container).get("name") + ": " + waiting.get("reason"));
            }
        }
        return switch (phase) {
            case "Succeeded" -> Health.healthy("succeeded");
            case "Failed" -> Health.degraded("failed" + (status.get("message") == null ? "" : ": "
                    + status.get("message")));
            case "Running" -> condition(status, "Ready").filter("True"::equals).isPresent() ? Health.healthy("ready")
                    : Health.progressing("running, not ready");
            default -> Health.progressing(phase.toLowerCase(java.util.Locale.ROOT));
        };
    }

    private static Optional<String> condition(Map<String, Object> status, String type) {
        return conditionObject(status, type).map(found -> String.valueOf(found.get("status")));
    }

    private static Optional<Map<String, Object>> conditionObject(Map<String, Object> status, String type) {
        List<Object> conditions = Values.list(status.get("conditions"));
        return conditions.stream().map(Values::map).filter(found -> type.equals(found.get("type"))).findFirst();
    }

    private static long number(Object value, long otherwise) {
        return value instanceof Number number ? number.longValue() : otherwise;
    }
}
