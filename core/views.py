"""View helpers every app shares: a form page that saves through a service, and the two pages of an import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.imports import ImportFileError, ImportFlow, read_upload, stash, unstash


def posted(request):
    """The form data of a POST (even an empty one, so that its errors show), or None to leave the form unbound."""
    return request.POST if request.method == "POST" else None


def add_service_error(form, error: ValidationError):
    """Show a service's ValidationError on the form: on its fields when it names fields the form has, else above
    the form (a ConcurrentEditError, a rule across fields)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_page(request, form, *, create, update, template, success_url, created_message, changed_message, context=None):
    """The create or edit page of a record, saved through its services.

    The form (a VersionedFormMixin form) gives what the services take with `service_data()`. A form without a
    stored record is saved by `create(by=user, **data)`; one editing a record by `update(by=user,
    expected_version=…, **data)`, with the record bound beforehand: `partial(need_update, need=need)`. A
    ValidationError of the service is shown on the form; on success the user reads `created_message` or
    `changed_message`, with `%(record)s` for the saved record's name, and goes to `success_url(saved)`
    (anything `redirect` takes). Otherwise the form is rendered with `context`.
    """
    editing = form.instance.pk is not None
    if request.method == "POST" and form.is_valid():
        try:
            if editing:
                saved = update(by=request.user, expected_version=form.expected_version, **form.service_data())
            else:
                saved = create(by=request.user, **form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            message = changed_message if editing else created_message
            messages.success(request, message % {"record": saved})
            return redirect(success_url(saved))
    return render(request, template, {"form": form, **(context or {})})


def _upload_page(request, flow: ImportFlow, form, result=None, errors=()):
    context = {"form": form, "result": result, "errors": list(errors), **flow.context}
    return render(request, flow.upload_template, context)


def _check_permission(request, flow: ImportFlow):
    if not request.user.has_perm(flow.permission):
        raise PermissionDenied


def import_upload(request, flow: ImportFlow):
    """The upload page: a valid file is stashed and the user sent to its preview; errors are listed, nothing saved."""
    _check_permission(request, flow)
    if request.method != "POST":
        return _upload_page(request, flow, flow.form_class())
    form = flow.form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, flow, form)
    name, content = read_upload(form.cleaned_data["file"])
    try:
        result = flow.validate(name=name, content=content, user=request.user)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return _upload_page(request, flow, form)
    if result.is_valid:
        return redirect(flow.confirm_url, key=stash(request, flow.kind, name, content))
    return _upload_page(request, flow, form, result, result.messages)


def import_confirm(request, flow: ImportFlow, key):
    """The preview of a stashed file (GET) and its saving, all or nothing (POST)."""
    _check_permission(request, flow)
    stashed = unstash(request, flow.kind, key)
    if stashed is None:
        messages.error(request, _("Ce fichier n’est plus disponible : envoyez-le de nouveau."))
        return redirect(flow.upload_url)
    name, content = stashed
    try:
        # Checked again: the data the file refers to, or the user's rights, may have changed since the upload.
        result = flow.validate(name=name, content=content, user=request.user)
    except ImportFileError as error:
        result, errors = None, [str(error)]
    else:
        errors = result.messages
    if result is None or not result.is_valid:
        unstash(request, flow.kind, key, remove=True)
        return _upload_page(request, flow, flow.form_class(), result, errors)
    if request.method != "POST":
        context = {"result": result, "name": name, "key": key, **flow.context}
        return render(request, flow.preview_template, context)
    try:
        saved = flow.save(rows=result.rows, by=request.user)
    except ValidationError as error:
        unstash(request, flow.kind, key, remove=True)
        return _upload_page(request, flow, flow.form_class(), None, error.messages)
    unstash(request, flow.kind, key, remove=True)
    messages.success(request, flow.success_message(len(saved)))
    return redirect(flow.done_url)
