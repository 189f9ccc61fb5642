"""Idempotent writes for the apps' demonstration data: a second run of a demo module changes nothing."""


def upsert(model, lookup, values):
    """Create the row named by `lookup`, or bring it to `values`, saving only when something differs.

    Unlike update_or_create, an unchanged row is not saved again, so no history row is added.
    """
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        if hasattr(instance, "version"):
            # Someone editing this record from a page will be told it changed meanwhile.
            instance.version += 1
            changed.append("version")
        instance.save(update_fields=changed)
    return instance
