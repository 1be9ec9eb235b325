<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>reverie::ui::CanvasView</name>
    <message>
        <source>Type a prompt and press Generate,
or open, drop or paste an image to edit it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::HistoryStrip</name>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No parameters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImageFiles</name>
    <message>
        <source>There is no image to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a .png, .jpg or .webp file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This system cannot write %1 files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebP image (*.webp)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::MainWindow</name>
    <message>
        <source>Restore image #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Canvas…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bigger Brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Smaller Brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fill Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Invert Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Actual Pixels (100%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear &amp;Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush size ([ and ])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverie — %1[*]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1 (%2×%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued (%1 waiting)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::MaskLayer</name>
    <message>
        <source>Erase mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paint mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewCanvasDialog</name>
    <message>
        <source>New canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressText</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 it/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s/it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::PromptPanel</name>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models (*.safetensors *.ckpt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe the image (Ctrl+Enter generates)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to avoid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Karras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Karras noise schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CFG scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denoising strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask blur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inpaint a crop around the mask at full resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context kept around the mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Padding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inpaint area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CLIP skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-1 picks a random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reuse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reuse the seed of the last image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(built-in model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode: text to image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode: image to image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode: inpaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reuse the seed of the last image (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::QueuePanel</name>
    <message>
        <source>(empty prompt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to reorder; double-click to edit a job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
