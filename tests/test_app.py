"""The app: handlers called directly, and the running app answering an API request (shipped weights)."""
import gradio as gr
import pytest
from gradio_client import Client

import app


def test_random_faces_handler_returns_display_sized_faces():
    faces = app.random_faces(3, 7)
    assert len(faces) == 3 and all(f.size == (256, 256) for f in faces)


def test_random_faces_rejects_a_count_out_of_range():
    with pytest.raises(gr.Error, match="between 1 and"):
        app.random_faces(0, 0)


def test_running_app_answers_an_api_request(app_url):
    result = Client(app_url, verbose=False).predict(2, 5, api_name="/random_faces")
    assert len(result) == 2
