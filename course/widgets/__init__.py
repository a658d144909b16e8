"""Interactive views (交互组件) over plain model objects.

Each widget is a thin ipywidgets view that observes a model class holding the
state and the logic, so the logic is unit-tested without a kernel. Callbacks
write with ``Output.append_display_data``/``clear_output`` rather than
``with out:`` so ``button.click()`` and ``w.value = ...`` work in plain pytest.
"""
