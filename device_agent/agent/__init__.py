"""The device side: probes, the store-and-forward spool, the sender, remote commands.

Runs on kiosks and hotspots with psutil and requests only; nothing here imports
Flask or Kivy.
"""
