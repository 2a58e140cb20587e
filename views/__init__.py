"""Flet screens and widgets; a handler calls domain/storage and redraws."""
