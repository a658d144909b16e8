# The kit's one-server JupyterHub: `make hub` (or `jupyterhub -f deploy/jupyterhub_config.py`, as root).
# Every choice a school makes is in deploy/class.yaml (or the file COURSE_HUB_CONFIG names);
# course_hub.config.apply turns it into JupyterHub settings. deploy/README.md explains them.
from course_hub.config import apply

apply(c)  # noqa: F821 - `c` is the config object JupyterHub provides
