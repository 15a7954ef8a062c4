"""Checks of deploy/*.yaml that a schema cannot make, against the repository itself:
the batch Job's shard count is its completions, and the Job rules the API server enforces
(restartPolicy Never for backoffLimitPerIndex and podFailurePolicy, an Indexed Job for
backoffLimitPerIndex, FailIndex only with it); every gleaner server has a CPU limit and a
concurrency its memory limit holds (3/4 of it over the page reservation at the default
limits); every gleaner container probes /livez and
/readyz; every pod's termination grace outlasts the drain the image is set to (readiness
delay + shutdown grace, from the Dockerfile); a sidecar is a native one (an init container
with restartPolicy Always); the HPA's custom metric is one gleaner exports.

    python3 deploy/check.py      (CI runs it after kubernetes-validate)
"""

import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def image_env(name):
    m = re.search(rf"{name}=(\d+)", (ROOT / "Dockerfile").read_text())
    assert m, f"Dockerfile sets no {name}"
    return int(m.group(1))


def rust_default(path, field):
    """A default written as `field: 32 * 1024 * 1024,` in a Rust source."""
    m = re.search(rf"\b{field}: ([0-9_ *]+),", (ROOT / path).read_text())
    assert m, f"{path}: no default for {field}"
    value = 1
    for factor in m.group(1).replace("_", "").split("*"):
        value *= int(factor)
    return value


def page_reservation():
    """What one HTML page reserves at the default limits (server/mod.rs page_reservation)."""
    limit = lambda f: rust_default("src/options.rs", f)
    feed = 64 * 1024  # pool::FEED_BYTES
    return (limit("max_page_memory") + limit("max_parser_memory") + 4 * limit("max_text_bytes")
            + 2 * limit("max_json_ld_bytes") + feed)


def quantity(q):
    """Bytes of a Kubernetes memory quantity (Mi, Gi)."""
    units = {"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30}
    for u, f in units.items():
        if str(q).endswith(u):
            return int(str(q)[: -len(u)]) * f
    return int(q)


def check_job(where, spec):
    """Rules of the Job API that the schemas do not hold."""
    pod = spec["template"]["spec"]
    policy = pod.get("restartPolicy")
    assert policy in ("Never", "OnFailure"), f"{where}: a Job's pods restart Never or OnFailure"
    if "backoffLimitPerIndex" in spec:
        assert spec.get("completionMode") == "Indexed", f"{where}: backoffLimitPerIndex needs an Indexed Job"
        assert policy == "Never", f"{where}: backoffLimitPerIndex needs restartPolicy Never"
    if "maxFailedIndexes" in spec:
        assert "backoffLimitPerIndex" in spec, f"{where}: maxFailedIndexes needs backoffLimitPerIndex"
    rules = spec.get("podFailurePolicy", {}).get("rules", [])
    if rules:
        assert policy == "Never", f"{where}: podFailurePolicy needs restartPolicy Never"
    names = {c["name"] for c in pod["containers"]}
    for r in rules:
        if r["action"] == "FailIndex":
            assert "backoffLimitPerIndex" in spec, f"{where}: FailIndex needs backoffLimitPerIndex"
        codes = r.get("onExitCodes")
        if codes:
            assert codes.get("containerName", next(iter(names))) in names, f"{where}: no such container"
            assert 0 not in codes["values"] or codes["operator"] == "NotIn", f"{where}: exit 0 is success"


def check_sizing(where, c):
    """A server's concurrency fits its memory limit, and its threads follow a CPU limit."""
    limits = c.get("resources", {}).get("limits", {})
    assert "cpu" in limits, f"{where}: no CPU limit: gleaner's threads would follow the node's cores"
    env = {e["name"]: e.get("value") for e in c.get("env", [])}
    concurrent = int(env.get("GLEANER_MAX_CONCURRENT", rust_default("src/server/mod.rs", "max_concurrent")))
    budget = quantity(limits["memory"]) * 3 // 4
    fits = budget // page_reservation()
    assert concurrent <= fits, (
        f"{where}: GLEANER_MAX_CONCURRENT={concurrent} but 3/4 of the {limits['memory']} limit holds "
        f"{fits} pages of {page_reservation() >> 20} MiB")


def pod_specs(doc):
    spec = doc.get("spec", {})
    if doc["kind"] in ("Deployment", "Job"):
        yield doc["metadata"]["name"], spec["template"]["spec"]


def main():
    drain = image_env("GLEANER_READINESS_DELAY") + image_env("GLEANER_SHUTDOWN_GRACE")
    metrics_src = (ROOT / "src/server/metrics.rs").read_text()
    checked = 0
    for path in sorted((ROOT / "deploy").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            where = f"{path.name}: {doc['kind']} {doc['metadata']['name']}"
            if doc["kind"] == "Job":
                check_job(where, doc["spec"])
                n = doc["spec"]["completions"]
                args = " ".join(doc["spec"]["template"]["spec"]["containers"][0]["args"])
                assert re.search(rf"--shard[ =]/{n}\b", args), f"{where}: --shard /N must be /{n}"
                c = doc["spec"]["template"]["spec"]["containers"][0]
                # The image is FROM scratch: no shell to run a command line with.
                assert not c.get("command"), f"{where}: the image has no shell; give gleaner's args only"
            if doc["kind"] == "HorizontalPodAutoscaler":
                for m in doc["spec"]["metrics"]:
                    if m["type"] == "Pods":
                        name = m["pods"]["metric"]["name"]
                        assert f'"{name}"' in metrics_src, f"{where}: gleaner exports no {name}"
            for name, pod in pod_specs(doc):
                servers = [c for c in pod.get("containers", []) + pod.get("initContainers", [])
                           if c["image"].startswith("gleaner") and "serve" in c.get("args", [])]
                for c in servers:
                    check_sizing(where, c)
                    assert c["livenessProbe"]["httpGet"]["path"] == "/livez", where
                    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz", where
                    grace = pod.get("terminationGracePeriodSeconds", 30)
                    assert grace > drain, f"{where}: grace {grace}s <= gleaner's drain {drain}s"
                for c in pod.get("initContainers", []):
                    if c in servers:
                        assert c.get("restartPolicy") == "Always", f"{where}: not a native sidecar"
            checked += 1
    print(f"deploy/: {checked} manifests checked (drain {drain}s)")


if __name__ == "__main__":
    main()
