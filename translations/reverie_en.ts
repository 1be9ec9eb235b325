<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>reverie::ui::AdapterBrowser</name>
    <message>
        <source>LoRAs and embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name or trigger word</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRAs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also list files made for other model families (greyed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trigger words: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made for %1; the model is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for LoRAs and embeddings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Lora, LyCORIS, loras or embeddings folder beside or inside the model folders (File → Settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 LoRAs, %2 embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of them for other families</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::app::Autosaver</name>
    <message>
        <source>Restore unsaved work?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverie kept your unsaved work from %1. Restore the canvas, mask and prompt?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore unsaved work</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::CanvasDocument</name>
    <message>
        <source>Background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete layer “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move layer “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge “%1” down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New control layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ControlNet settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expand canvas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::CanvasToolBar</name>
    <message>
        <source>Tools</source>
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
        <source>Brush colour (Ctrl-click or I on the canvas to pick one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brush colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask</source>
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
</context>
<context>
    <name>reverie::ui::CanvasView</name>
    <message>
        <source>Type a prompt and press Generate,
or open, drop or paste an image to edit it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::ColorBrush</name>
    <message>
        <source>Erase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::ControlPanel</name>
    <message>
        <source>My prompt is more important</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ControlNet is more important</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scribble</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canny edges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inpaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (picture as is)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ControlNet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One unit per control layer; tick to use it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new control layer: draw a scribble on it or fill it from the picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the unit and its control layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How “From picture” makes the control picture; with an empty layer, the engine applies it to the canvas picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preprocessor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How strongly the unit steers (A1111&apos;s Control Weight)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paint white strokes on the unit&apos;s layer with the brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill the layer from the canvas picture through the preprocessor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a control picture (a depth map, a pose, lineart…) into the layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a control picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty the layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear control layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or create a canvas first: a control layer has the canvas&apos;s size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The canvas shows no picture to make a control picture from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preprocessors are not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control picture (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load control picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none found in the model folders)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose a ControlNet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not for this model)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExpandCanvasDialog</name>
    <message>
        <source>Expand canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far the mask reaches into the picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1×%2 → %3×%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::app::GenerationWorker</name>
    <message>
        <source>Image %1 of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of memory. Try a smaller size or a smaller model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading model on the GPU…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading model on the CPU…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the refiner…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA graphs are off for this model (steps run without them): %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::HistoryStrip</name>
    <message>
        <source>History</source>
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
    <message>
        <source>OpenRaster, with layers (*.ora)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::LayersPanel</name>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick to show; double-click to rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New empty layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control layer of a ControlNet unit; tick to show</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::LivePainting</name>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply Live Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live painting: every stroke or edit regenerates the picture quickly (shown over the canvas until applied)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the live result as a new layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps of a live regeneration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
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
        <source>History image #%1 can no longer be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inpaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting a new canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opening another picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mask Brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Colour Brush</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour &amp;Picker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The canvas has changes that are not saved. Save them before %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A picture is being generated. Quit and cancel it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quitting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1 (%2 layers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opening the dropped picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation failed: %1 The job waits at the top of the queue: Generate with the same settings runs it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2 (region)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live painting failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply live result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canvas expanded to %1×%2: the new border is masked, Generate outpaints it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear Re&amp;gion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpand Canvas…</source>
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
    <name>reverie::ui::MaskOptionsBox</name>
    <message>
        <source>Grow the mask (negative: shrink) before blurring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate everything but the painted area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latent noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latent nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the masked area starts from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soft inpainting: grey mask levels change the picture partly (a feathered mask blends instead of leaving a seam)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grow</source>
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
        <source>Choose a model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model</source>
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
        <source>Reuse the seed of the last image (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in: reverie-shapes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The small model that ships with Reverie (128 × 128)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1.00 makes a new picture (a new layer); less refines what the canvas shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models (*.safetensors *.ckpt model_index.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second prompt (OpenCLIP bigG); empty: the prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fraction of the steps before the refiner takes over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switch at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refiner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode: inpaint the mask (%1%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode: new picture, text to image (a new layer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode: refine, image to image (%1%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating on the canvas keeps its size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — in the region %1×%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::PromptWeights</name>
    <message>
        <source>LoRAs in the prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text encoder multiplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiplier (text encoder and UNet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UNet multiplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take this LoRA out of the prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>unreadable</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::QueueModel</name>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::QueuePanel</name>
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
<context>
    <name>reverie::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders holding .safetensors checkpoints or diffusers folders. An AUTOMATIC1111 or ComfyUI folder works as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp32 (full precision)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp16 (half, GPU only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bf16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (TAESD when installed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TAESD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fast approximation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) found</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Save GPU memory (for cards of 4 GB; a little slower)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeps the model in system memory and moves each part onto the GPU only while it runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where pictures are made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ComfyUI server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http:// or https://. Over an SSH tunnel: ssh -L 8188:127.0.0.1:8188 gpu-box, then http://127.0.0.1:8188.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional bearer token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, for basic auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The node that loads checkpoints: CheckpointLoaderSimple, or the loader a GGUF/NF4 setup needs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loader node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::app::StudioSession</name>
    <message>
        <source>Not kept in the history: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The LoRAs of a ComfyUI server are not listed here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Reverie — latent diffusion studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language, e.g. zh_CN (default: system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore unsaved work from the last session without asking (yes), discard it (no), or ask (ask, the default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An image to open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::app::AdapterScan</name>
    <message>
        <source>no LoRA or LyCORIS tensors in it (a checkpoint?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 MB is too large for an embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a prompt tag cannot name a file with &apos;:&apos; or &apos;&gt;&apos; in its name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::app::AtomicFiles</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::app::EngineOptions</name>
    <message>
        <source>No CUDA GPU is available to this program. Choose Automatic or CPU in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp16 needs a GPU; using fp32 on the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::app::SafetensorsPeek</name>
    <message>
        <source>too short for a safetensors file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a safetensors file (a header of %1 bytes in a file of %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::AdapterCatalog</name>
    <message>
        <source>No LoRA named &apos;%1&apos;: there is no Lora, LyCORIS or loras folder beside or inside the model folders (File → Settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No LoRA named &apos;%1&apos; in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; cannot be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is an %2 LoRA; the model is %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::HistoryStrip</name>
    <message>
        <source>refine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No parameters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::Ora</name>
    <message>
        <source>The document has more than %1 layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document&apos;s stack.xml is not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no &lt;image&gt; element</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document&apos;s size %1×%2 is not usable (1 to %3 pixels a side).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no picture to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an OpenRaster document (no stack.xml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer “%1” has no picture (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer “%1” is not a readable PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the document has no layers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::PromptTags</name>
    <message>
        <source>&apos;%1&apos; has a multiplier &apos;%2&apos; that is not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; names no LoRA</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reverie::ui::QueuePanel</name>
    <message>
        <source>(empty prompt)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
