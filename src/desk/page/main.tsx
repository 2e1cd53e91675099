import { render } from "preact";
import { DeskApp } from "./desk-app.tsx";

const root = document.getElementById("desk");
if (root) render(<DeskApp />, root);
