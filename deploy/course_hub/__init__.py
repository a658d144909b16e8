"""The sales prospecting kit on JupyterHub (课堂部署): one server for a class, a path to hundreds.

Modules
-------
settings   the class settings file (``deploy/class.yaml``): language, instructors, limits, culling
config     applies the settings to a JupyterHub configuration (``deploy/jupyterhub_config.py``)
cgroups    per-trainee memory, CPU and process limits with Linux control groups
spawner    ``ClassroomSpawner``: a local process per trainee, as their own Unix account, limited
auth       ``ClassCodeAuthenticator``: one-time codes the instructor prints, then the trainee's password
accounts   trainee and instructor accounts: Unix users with private homes, codes, printable slips
home       what a trainee's home holds: the course in their language, the start page, JupyterLab settings
handout    release workbooks to every home, collect them safely, grade, return feedback pages
hubproc    start and stop a hub process (``course-hub run``, the simulation, the tests)
client     the hub's REST API and a single-user server's REST + kernel websocket API
simulate   the classroom simulation (``make hub-test N=30``)
cli        the ``course-hub`` command

The hub runs as root (it starts each trainee's server as that trainee); every
instructor command here runs as root on the hub host too.
"""

from __future__ import annotations

__version__ = "0.1.0"
