"""The editors' web UI: list, create, edit, preview, publish and unpublish every type.

Server-rendered, no JavaScript. Every view checks the editor's office: an editor
sees and changes only their own channel, the county admin everything.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import NotFound

from backoffice import current_user, login_required
from content_sync import store
from content_sync.db import get_db
from content_sync.forms import form_values
from content_sync.media import (
    MediaError,
    media_renditions,
    narrow_image_warning,
    own_upload,
    store_image,
)
from content_sync.model import (
    CONTENT_TYPES,
    LANGUAGE_NAMES,
    LANGUAGES,
    WEEKDAY_LABELS,
    ContentType,
)
from content_sync.public import item_context, requested_language
from content_sync.validation import (
    FormResult,
    device_claim_error,
    translation_warning,
    validate_form,
)

bp = Blueprint("editor", __name__, url_prefix="/editor", template_folder="templates")

STATUS_LABELS = {"draft": "Szkic", "published": "Opublikowane", "changed": "Zmiany nieopublikowane"}
# The editors' own names for the languages; residents see each language's name for itself.
LANGUAGES_IN_POLISH = {"pl": "polski", "en": "angielski", "uk": "ukraiński"}
ACTION_LABELS = {
    "create": "utworzenie",
    "update": "zmiana",
    "publish": "publikacja",
    "unpublish": "wycofanie",
    "delete": "usunięcie",
    "import": "import z RSS",
}


class ChannelNames(Mapping):
    """Channel id → name, read from content.db only when a page uses it.

    The context processor runs for every page of the app, including the Wi-Fi splash
    residents load by the hundred; most never show a channel name.
    """

    def __init__(self) -> None:
        self._names: dict[str, str] | None = None

    def _load(self) -> dict[str, str]:
        if self._names is None:
            self._names = {c["id"]: c["name"] for c in store.channels(get_db())}
        return self._names

    def __getitem__(self, key: str) -> str:
        return self._load()[key]

    def __iter__(self):
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


@bp.app_context_processor
def editor_globals() -> dict:
    """Names every admin page may show: channels, statuses, languages."""
    return {
        "channel_names": ChannelNames(),
        "status_labels": STATUS_LABELS,
        "language_names": LANGUAGE_NAMES,
        "languages_in_polish": LANGUAGES_IN_POLISH,
        "weekday_labels": WEEKDAY_LABELS,
    }


def _content_type(type_name: str) -> ContentType:
    ctype = CONTENT_TYPES.get(type_name)
    if ctype is None:
        abort(404)
    return ctype


def _load_item(ctype: ContentType, item_id: int) -> store.Item:
    """The item, or 404 if missing, or 403 if it belongs to another office."""
    item = store.get_item(get_db(), item_id)
    if item is None or item.type != ctype.name:
        abort(404)
    if not current_user().can_manage(item.channel):
        abort(403)
    return item


@bp.errorhandler(store.ItemGoneError)
def item_gone(exc: store.ItemGoneError):
    """Someone deleted the item while this editor had it open: say so, and write nothing."""
    flash(str(exc))
    return current_app.handle_http_exception(NotFound())


def _publish_snapshot() -> None:
    """Sign the new state of published content so devices get it at their next poll."""
    if current_app.extensions["infomat_hub"].publish(get_db()) is None:
        flash(
            "Zapisano, ale infomaty i punkty Wi-Fi jeszcze tego nie pokażą: podpisywanie "
            "treści nie działa. Powiadom administratora powiatu."
        )


def _writable_channels() -> list[dict]:
    user = current_user()
    return [c for c in store.channels(get_db()) if user.can_manage(c["id"])]


@bp.route("/")
@login_required
def home():
    """Counts per type and the latest changes, for the editor's channels."""
    db, scope = get_db(), current_user().channel_scope()
    tiles = [(ctype, store.list_items(db, ctype.name, scope)) for ctype in CONTENT_TYPES.values()]
    return render_template(
        "editor/home.html", tiles=tiles, entries=store.audit_entries(db, scope, limit=10)
    )


@bp.route("/<type_name>/")
@login_required
def list_items(type_name: str):
    """All items of a type the editor may manage, filterable by channel and status."""
    ctype = _content_type(type_name)
    scope = current_user().channel_scope()
    channel = request.args.get("channel", "")
    status = request.args.get("status", "")
    if channel:
        if not current_user().can_manage(channel):
            abort(403)
        scope = [channel]
    items = store.list_items(get_db(), ctype.name, scope)
    if status in STATUS_LABELS:
        items = [i for i in items if i.status == status]
    return render_template(
        "editor/list.html",
        ctype=ctype,
        items=items,
        channels=_writable_channels(),
        selected_channel=channel,
        selected_status=status,
    )


def _attach_image(ctype: ContentType, result: FormResult, channel: str, previous: dict) -> None:
    """Keep, replace or drop the item's image, per the upload and the remove box.

    A new file is checked and stored at once, whatever else is wrong with the form, so
    its errors join the others and a good photo need not be chosen again: the form that
    comes back carries its id (`image_pending`), which only its uploader may use.
    """
    if not any(f.kind == "image" for f in ctype.fields):
        return
    if previous.get("image") and not request.form.get("image_remove"):
        result.data["image"] = previous["image"]
    upload = request.files.get("image")
    pending = request.form.get("image_pending", "")
    if upload and upload.filename:
        try:
            result.data["image"] = store_image(
                get_db(),
                current_app.config["DATA_DIR"],
                upload.read(current_app.config["MAX_UPLOAD_BYTES"] + 1),
                upload.filename,
                channel,
                current_user().username,
                current_app.config["MAX_UPLOAD_BYTES"],
            )
        except MediaError as exc:
            result.errors["image"] = str(exc)
    elif pending:
        if pending.isdigit() and own_upload(
            get_db(), int(pending), current_user().username, channel
        ):
            result.data["image"] = int(pending)
        else:
            result.errors["image"] = "Nie ma już wcześniej wybranego zdjęcia — wybierz je ponownie."
    if result.data.get("image") and not (result.data.get("image_alt") or {}).get("pl"):
        result.errors["image_alt.pl"] = (
            "Opisz, co widać na zdjęciu — osoby niewidome usłyszą ten opis zamiast zdjęcia."
        )


def _claim_device(result: FormResult, item_id: int | None) -> None:
    """Refuse a device id another location names, or another office's device."""
    device_id = result.data.get("device_id")
    if not device_id:
        return
    others = [
        (other.channel, other.title)
        for other in store.list_items(get_db(), "location")
        if other.id != item_id
        and device_id in (other.draft.get("device_id"), (other.published or {}).get("device_id"))
    ]
    owner = current_app.extensions["infomat_device_office"](device_id)
    error = device_claim_error(device_id, others, owner, current_user().can_manage)
    if error:
        result.errors["device_id"] = error


def _field_labels(ctype: ContentType) -> dict[str, str]:
    """Form input name → what the error summary calls it, e.g. "Tytuł (English)"."""
    labels = {"channel": "Kanał", "publish_from": "Pokazuj od", "revision": "Równoczesna zmiana"}
    labels["publish_until"] = "Wygasa" if ctype.expiry_required else "Pokazuj do"
    for spec in ctype.fields:
        labels[spec.name] = spec.label
        for lang in LANGUAGES if spec.translated else ():
            labels[f"{spec.name}.{lang}"] = f"{spec.label} ({LANGUAGE_NAMES[lang]})"
        for day, day_label in WEEKDAY_LABELS.items() if spec.kind == "hours" else ():
            labels[f"{spec.name}.{day}"] = f"{spec.label}: {day_label}"
    return labels


def _render_form(ctype, values, errors, item=None, status=None, chosen_image=None):
    """The form; `chosen_image` is a photo uploaded with a POST that came back unsaved."""
    status = status or (400 if errors else 200)
    stored_image = item.draft.get("image") if item is not None else None
    image_id = chosen_image or stored_image
    image = media_renditions(get_db(), image_id).get("thumb") if image_id else None
    return (
        render_template(
            "editor/form.html",
            ctype=ctype,
            values=values,
            errors=errors,
            field_labels=_field_labels(ctype),
            item=item,
            image=image,
            pending_image=image_id if image_id != stored_image else None,
            image_warning=narrow_image_warning(get_db(), image_id) if image_id else None,
            channels=_writable_channels(),
            languages=LANGUAGES,
        ),
        status,
    )


def _flash_image_warning(result: FormResult) -> None:
    warning = result.data.get("image") and narrow_image_warning(get_db(), result.data["image"])
    if warning:
        flash(warning)


@bp.route("/<type_name>/new", methods=("GET", "POST"))
@login_required
def create(type_name: str):
    """A new draft in one of the editor's channels."""
    ctype = _content_type(type_name)
    if request.method == "GET":
        return _render_form(ctype, {"channel": current_user().office or ""}, {})
    channel = request.form.get("channel", "")
    if not store.channel_exists(get_db(), channel):
        return _render_form(ctype, request.form, {"channel": "Wybierz kanał publikacji."})
    if not current_user().can_manage(channel):
        abort(403)
    result = validate_form(ctype, request.form)
    _claim_device(result, None)
    _attach_image(ctype, result, channel, {})
    if not result.ok:
        return _render_form(
            ctype, request.form, result.errors, chosen_image=result.data.get("image")
        )
    item = store.create_item(get_db(), ctype.name, channel, result.data, current_user().username)
    flash(f"Zapisano szkic: {item.title}")
    _flash_image_warning(result)
    return redirect(url_for("editor.edit", type_name=ctype.name, item_id=item.id))


@bp.route("/<type_name>/<int:item_id>/edit", methods=("GET", "POST"))
@login_required
def edit(type_name: str, item_id: int):
    """Change the draft; what residents see changes only on publish."""
    ctype = _content_type(type_name)
    item = _load_item(ctype, item_id)
    if request.method == "GET":
        values = form_values(ctype, item.draft) | {"revision": str(item.revision)}
        return _render_form(ctype, values, {}, item)
    result = validate_form(ctype, request.form)
    _claim_device(result, item.id)
    _attach_image(ctype, result, item.channel, item.draft)
    chosen_image = result.data.get("image")
    if not result.ok:
        return _render_form(ctype, request.form, result.errors, item, chosen_image=chosen_image)
    try:
        revision = int(request.form.get("revision", ""))
        item = store.update_item(get_db(), item, result.data, current_user().username, revision)
    except (ValueError, store.ConflictError):
        message = "Ktoś inny zmienił tę pozycję w międzyczasie. Otwórz ją ponownie i nanieś zmiany."
        return _render_form(
            ctype, request.form, {"revision": message}, item, 409, chosen_image=chosen_image
        )
    flash(f"Zapisano zmiany: {item.title}")
    _flash_image_warning(result)
    return redirect(url_for("editor.edit", type_name=ctype.name, item_id=item.id))


@bp.route("/<type_name>/<int:item_id>/preview")
@login_required
def preview(type_name: str, item_id: int):
    """The draft as a resident would see it, in each language with its fallback."""
    ctype = _content_type(type_name)
    item = _load_item(ctype, item_id)
    context = item_context(ctype, item, item.draft, requested_language())
    return render_template(
        "editor/preview.html",
        ctype=ctype,
        item=item,
        translation_warning=translation_warning(ctype, item.draft),
        **context,
    )


@bp.route("/<type_name>/<int:item_id>/publish", methods=("POST",))
@login_required
def publish(type_name: str, item_id: int):
    """Publish the current draft."""
    ctype = _content_type(type_name)
    item = _load_item(ctype, item_id)
    try:
        item = store.publish_item(get_db(), item, current_user().username)
    except store.PublishError as exc:
        flash(str(exc))
    else:
        _publish_snapshot()
        flash(f"Opublikowano: {item.title}")
        warning = translation_warning(ctype, item.published)
        if warning:
            flash(warning)
    return redirect(url_for("editor.edit", type_name=ctype.name, item_id=item.id))


@bp.route("/<type_name>/<int:item_id>/unpublish", methods=("POST",))
@login_required
def unpublish(type_name: str, item_id: int):
    """Withdraw the item from kiosks, the portal and the API."""
    ctype = _content_type(type_name)
    item = _load_item(ctype, item_id)
    item = store.unpublish_item(get_db(), item, current_user().username)
    _publish_snapshot()
    flash(f"Wycofano z publikacji: {item.title}")
    return redirect(url_for("editor.edit", type_name=ctype.name, item_id=item.id))


@bp.route("/<type_name>/<int:item_id>/delete", methods=("POST",))
@login_required
def delete(type_name: str, item_id: int):
    """Delete the item; the audit log keeps its last draft."""
    ctype = _content_type(type_name)
    item = _load_item(ctype, item_id)
    if request.form.get("confirm") != "1":
        flash("Zaznacz „na pewno”, aby usunąć.")
        return redirect(url_for("editor.edit", type_name=ctype.name, item_id=item.id))
    item = store.delete_item(get_db(), item, current_user().username)
    if item.published is not None:
        _publish_snapshot()
    flash(f"Usunięto: {item.title}")
    return redirect(url_for("editor.list_items", type_name=ctype.name))


@bp.route("/audit")
@login_required
def audit():
    """Who changed what and when, in the editor's channels."""
    entries = store.audit_entries(get_db(), current_user().channel_scope())
    return render_template("editor/audit.html", entries=entries, action_labels=ACTION_LABELS)
