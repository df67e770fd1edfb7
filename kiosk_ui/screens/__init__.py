"""The kiosk's screens: one module and one .kv file each, built on first visit.

Every screen has `show(app, **context)` (render for the app's content, language and
text size; LookupError when the asked-for item is gone) and `speech(app)` (what
read-aloud says on arrival).
"""
