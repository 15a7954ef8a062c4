"""Checks of deploy/*.yaml that a schema cannot make, against the repository itself:
the batch Job's shard count is its completions; every gleaner container probes /livez and
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
