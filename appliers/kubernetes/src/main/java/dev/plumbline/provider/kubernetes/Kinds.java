package dev.plumbline.provider.kubernetes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the provider knows of Kubernetes kinds without asking a server: which built-in kinds are
 * cluster-scoped, the version each built-in API group is served at, and the order kinds are applied in.
 * A kind it does not know (a custom resource) is taken as namespaced when its manifest names a namespace or
 * the provider's default applies; the server has the last word.
 */
final class Kinds {

    /** Built-in kinds without a namespace, as {@code group/Kind} (the core group is empty). */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
            "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
            "apiextensions.k8s.io/CustomResourceDefinition", "apiregistration.k8s.io/APIService",
            "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode",
            "storage.k8s.io/VolumeAttachment", "scheduling.k8s.io/PriorityClass", "node.k8s.io/RuntimeClass",
            "networking.k8s.io/IngressClass", "certificates.k8s.io/CertificateSigningRequest",
            "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
            "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
            "flowcontrol.apiserver.k8s.io/FlowSchema", "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration");

    /** The version each built-in group is served at, for an object known only by its key (to prune it). */
    private static final Map<String, String> VERSIONS = Map.ofEntries(
            Map.entry("", "v1"), Map.entry("apps", "v1"), Map.entry("batch", "v1"),
            Map.entry("autoscaling", "v2"), Map.entry("policy", "v1"), Map.entry("rbac.authorization.k8s.io", "v1"),
            Map.entry("networking.k8s.io", "v1"), Map.entry("storage.k8s.io", "v1"),
            Map.entry("apiextensions.k8s.io", "v1"), Map.entry("apiregistration.k8s.io", "v1"),
            Map.entry("scheduling.k8s.io", "v1"), Map.entry("node.k8s.io", "v1"),
            Map.entry("coordination.k8s.io", "v1"), Map.entry("discovery.k8s.io", "v1"),
            Map.entry("certificates.k8s.io", "v1"), Map.entry("admissionregistration.k8s.io", "v1"),
            Map.entry("events.k8s.io", "v1"), Map.entry("flowcontrol.apiserver.k8s.io", "v1"));

    /**
     * The order kinds are applied in: namespaces, then custom resource definitions, then the rest in the order
     * Argo CD and Helm install them (what a kind needs comes before it); kinds not named here come last.
     * Deletions go the other way.
     */
    private static final List<String> ORDER = List.of(
            "Namespace", "CustomResourceDefinition", "NetworkPolicy", "ResourceQuota", "LimitRange",
            "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "ConfigMap", "StorageClass",
            "PersistentVolume", "PersistentVolumeClaim", "ClusterRole", "ClusterRoleBinding", "Role",
            "RoleBinding", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
            "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

    private static final Map<String, Integer> RANKS = new HashMap<>();

    static {
        for (int rank = 0; rank < ORDER.size(); rank++) {
            RANKS.put(ORDER.get(rank), rank);
        }
    }

    /**
     * The built-in kinds an ownership scan lists (with the cluster's custom resource definitions), as
     * {@code group/Kind}: the kinds stacks hold, not every kind a server serves. Their versions and scopes are
     * the ones above ({@link #version}, {@link #clusterScoped}).
     */
    static final List<String> SCANNED = List.of(
            "/Namespace", "/ConfigMap", "/Secret", "/Service", "/ServiceAccount", "/PersistentVolumeClaim",
            "/PersistentVolume", "/Pod", "/ResourceQuota", "/LimitRange",
            "apps/Deployment", "apps/StatefulSet", "apps/DaemonSet", "apps/ReplicaSet", "batch/Job", "batch/CronJob",
            "autoscaling/HorizontalPodAutoscaler", "policy/PodDisruptionBudget",
            "networking.k8s.io/Ingress", "networking.k8s.io/IngressClass", "networking.k8s.io/NetworkPolicy",
            "rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/RoleBinding",
            "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
            "apiextensions.k8s.io/CustomResourceDefinition", "storage.k8s.io/StorageClass",
            "scheduling.k8s.io/PriorityClass");

    private Kinds() {
    }

    static boolean clusterScoped(String group, String kind) {
        return CLUSTER_SCOPED.contains(group + "/" + kind);
    }

    /** The version a built-in group is served at; empty for a group of custom resources. */
    static Optional<String> version(String group) {
        return Optional.ofNullable(VERSIONS.get(group));
    }

    /** Where a kind comes in the apply order: lower first. */
    static int rank(String kind) {
        return RANKS.getOrDefault(kind, ORDER.size());
    }
}
