<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>reverie::ui::AdapterBrowser</name>
    <message>
        <source>LoRAs and embeddings</source>
        <translation>LoRA 与嵌入</translation>
    </message>
    <message>
        <source>Search by name or trigger word</source>
        <translation>按名称或触发词搜索</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>LoRAs</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>Other families</source>
        <translation>其他系列</translation>
    </message>
    <message>
        <source>Also list files made for other model families (greyed)</source>
        <translation>同时列出为其他模型系列制作的文件（灰色显示）</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>rank %1</source>
        <translation>秩 %1</translation>
    </message>
    <message>
        <source>%1 vectors</source>
        <translation>%1 个向量</translation>
    </message>
    <message>
        <source>Trigger words: %1</source>
        <translation>触发词：%1</translation>
    </message>
    <message>
        <source>Made for %1; the model is %2</source>
        <translation>为 %1 制作；当前模型为 %2</translation>
    </message>
    <message>
        <source>Looking for LoRAs and embeddings…</source>
        <translation>正在查找 LoRA 和嵌入…</translation>
    </message>
    <message>
        <source>No Lora, LyCORIS, loras or embeddings folder beside or inside the model folders (File → Settings)</source>
        <translation>模型文件夹旁边或内部没有 Lora、LyCORIS、loras 或 embeddings 文件夹（文件 → 设置）</translation>
    </message>
    <message>
        <source>%1 LoRAs, %2 embeddings</source>
        <translation>%1 个 LoRA，%2 个嵌入</translation>
    </message>
    <message>
        <source>%1 of them for other families</source>
        <translation>其中 %1 个属于其他系列</translation>
    </message>
</context>
<context>
    <name>reverie::app::Autosaver</name>
    <message>
        <source>Restore unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>Reverie kept your unsaved work from %1. Restore the canvas, mask and prompt?</source>
        <translation>Reverie 保留了您在 %1 未保存的工作。要恢复画布、蒙版和提示词吗？</translation>
    </message>
    <message>
        <source>Restore unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
</context>
<context>
    <name>reverie::ui::CanvasDocument</name>
    <message>
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <source>New layer</source>
        <translation>新建图层</translation>
    </message>
    <message>
        <source>Delete layer “%1”</source>
        <translation>删除图层“%1”</translation>
    </message>
    <message>
        <source>Move layer “%1”</source>
        <translation>移动图层“%1”</translation>
    </message>
    <message>
        <source>Show layer</source>
        <translation>显示图层</translation>
    </message>
    <message>
        <source>Hide layer</source>
        <translation>隐藏图层</translation>
    </message>
    <message>
        <source>Layer opacity</source>
        <translation>图层不透明度</translation>
    </message>
    <message>
        <source>Rename layer</source>
        <translation>重命名图层</translation>
    </message>
    <message>
        <source>Merge “%1” down</source>
        <translation>向下合并“%1”</translation>
    </message>
    <message>
        <source>Control %1</source>
        <translation>控制 %1</translation>
    </message>
    <message>
        <source>New control layer</source>
        <translation>新建控制图层</translation>
    </message>
    <message>
        <source>ControlNet settings</source>
        <translation>ControlNet 设置</translation>
    </message>
    <message>
        <source>Expand canvas</source>
        <translation>扩展画布</translation>
    </message>
</context>
<context>
    <name>reverie::ui::CanvasToolBar</name>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Brush size ([ and ])</source>
        <translation>画笔大小（[ 和 ]）</translation>
    </message>
    <message>
        <source>Hardness</source>
        <translation>硬度</translation>
    </message>
    <message>
        <source>Brush colour (Ctrl-click or I on the canvas to pick one)</source>
        <translation>画笔颜色（在画布上 Ctrl+单击或按 I 取色）</translation>
    </message>
    <message>
        <source>Brush colour</source>
        <translation>画笔颜色</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反转</translation>
    </message>
</context>
<context>
    <name>reverie::ui::CanvasView</name>
    <message>
        <source>Type a prompt and press Generate,
or open, drop or paste an image to edit it.</source>
        <translation>输入提示词并点击“生成”，
或打开、拖入、粘贴一张图片进行编辑。</translation>
    </message>
</context>
<context>
    <name>reverie::ui::ColorBrush</name>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Paint</source>
        <translation>绘制</translation>
    </message>
</context>
<context>
    <name>reverie::ui::ControlPanel</name>
    <message>
        <source>My prompt is more important</source>
        <translation>提示词更重要</translation>
    </message>
    <message>
        <source>ControlNet is more important</source>
        <translation>ControlNet 更重要</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>平衡</translation>
    </message>
    <message>
        <source>Scribble</source>
        <translation>涂鸦</translation>
    </message>
    <message>
        <source>Canny edges</source>
        <translation>Canny 边缘</translation>
    </message>
    <message>
        <source>Tile</source>
        <translation>分块 (Tile)</translation>
    </message>
    <message>
        <source>Inpaint</source>
        <translation>局部重绘</translation>
    </message>
    <message>
        <source>None (picture as is)</source>
        <translation>无（按原图）</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>未选模型</translation>
    </message>
    <message>
        <source>ControlNet</source>
        <translation>ControlNet</translation>
    </message>
    <message>
        <source>One unit per control layer; tick to use it</source>
        <translation>每个控制图层一个单元；勾选以启用</translation>
    </message>
    <message>
        <source>Add unit</source>
        <translation>添加单元</translation>
    </message>
    <message>
        <source>A new control layer: draw a scribble on it or fill it from the picture</source>
        <translation>新建控制图层：在上面涂鸦，或从画面生成</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Delete the unit and its control layer</source>
        <translation>删除该单元及其控制图层</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>How “From picture” makes the control picture; with an empty layer, the engine applies it to the canvas picture</source>
        <translation>“从画面生成”如何制作控制图；图层为空时，引擎把它应用于画布画面</translation>
    </message>
    <message>
        <source>Preprocessor</source>
        <translation>预处理器</translation>
    </message>
    <message>
        <source>How strongly the unit steers (A1111&apos;s Control Weight)</source>
        <translation>该单元的控制强度（A1111 的 Control Weight）</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数区间</translation>
    </message>
    <message>
        <source>Control mode</source>
        <translation>控制模式</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>Paint white strokes on the unit&apos;s layer with the brush</source>
        <translation>用画笔在该单元的图层上画白色笔触</translation>
    </message>
    <message>
        <source>From picture</source>
        <translation>从画面生成</translation>
    </message>
    <message>
        <source>Fill the layer from the canvas picture through the preprocessor</source>
        <translation>用预处理器从画布画面填充该图层</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>载入…</translation>
    </message>
    <message>
        <source>Load a control picture (a depth map, a pose, lineart…) into the layer</source>
        <translation>把控制图（深度图、姿势、线稿…）载入该图层</translation>
    </message>
    <message>
        <source>Load a control picture</source>
        <translation>载入控制图</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Empty the layer</source>
        <translation>清空该图层</translation>
    </message>
    <message>
        <source>Clear control layer</source>
        <translation>清空控制图层</translation>
    </message>
    <message>
        <source>Open or create a canvas first: a control layer has the canvas&apos;s size.</source>
        <translation>请先打开或新建画布：控制图层与画布同样大小。</translation>
    </message>
    <message>
        <source>The canvas shows no picture to make a control picture from.</source>
        <translation>画布上没有可用来生成控制图的画面。</translation>
    </message>
    <message>
        <source>Preprocessors are not available.</source>
        <translation>预处理器不可用。</translation>
    </message>
    <message>
        <source>Control picture (%1)</source>
        <translation>控制图（%1）</translation>
    </message>
    <message>
        <source>Load control picture</source>
        <translation>载入控制图</translation>
    </message>
    <message>
        <source>(none found in the model folders)</source>
        <translation>（模型文件夹中未找到）</translation>
    </message>
    <message>
        <source>(choose a ControlNet)</source>
        <translation>（选择 ControlNet）</translation>
    </message>
    <message>
        <source>%1 (not for this model)</source>
        <translation>%1（不适用于此模型）</translation>
    </message>
</context>
<context>
    <name>ExpandCanvasDialog</name>
    <message>
        <source>Expand canvas</source>
        <translation>扩展画布</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>左</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>上</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>右</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>下</translation>
    </message>
    <message>
        <source>How far the mask reaches into the picture</source>
        <translation>蒙版伸入原图的距离</translation>
    </message>
    <message>
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <source>%1×%2 → %3×%4</source>
        <translation>%1×%2 → %3×%4</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
</context>
<context>
    <name>reverie::app::GenerationWorker</name>
    <message>
        <source>Image %1 of %2…</source>
        <translation>第 %1 张，共 %2 张…</translation>
    </message>
    <message>
        <source>The engine stopped: %1</source>
        <translation>引擎已停止：%1</translation>
    </message>
    <message>
        <source>Out of memory. Try a smaller size or a smaller model.</source>
        <translation>内存不足。请尝试更小的尺寸或更小的模型。</translation>
    </message>
    <message>
        <source>Loading model on the GPU…</source>
        <translation>正在 GPU 上加载模型…</translation>
    </message>
    <message>
        <source>Loading model on the CPU…</source>
        <translation>正在 CPU 上加载模型…</translation>
    </message>
    <message>
        <source>Loading the refiner…</source>
        <translation>正在加载精修模型…</translation>
    </message>
    <message>
        <source>CUDA graphs are off for this model (steps run without them): %1</source>
        <translation>此模型未使用 CUDA 图（各步不经 CUDA 图运行）：%1</translation>
    </message>
</context>
<context>
    <name>reverie::ui::HistoryStrip</name>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
</context>
<context>
    <name>ImageFiles</name>
    <message>
        <source>There is no image to save.</source>
        <translation>没有可保存的图像。</translation>
    </message>
    <message>
        <source>Choose a .png, .jpg or .webp file name.</source>
        <translation>请使用 .png、.jpg 或 .webp 文件名。</translation>
    </message>
    <message>
        <source>This system cannot write %1 files.</source>
        <translation>此系统无法写入 %1 文件。</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>图像 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>JPEG image (*.jpg *.jpeg)</source>
        <translation>JPEG 图像 (*.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>WebP image (*.webp)</source>
        <translation>WebP 图像 (*.webp)</translation>
    </message>
    <message>
        <source>OpenRaster, with layers (*.ora)</source>
        <translation>OpenRaster，含图层 (*.ora)</translation>
    </message>
</context>
<context>
    <name>reverie::ui::LayersPanel</name>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Tick to show; double-click to rename</source>
        <translation>勾选以显示；双击以重命名</translation>
    </message>
    <message>
        <source>New empty layer</source>
        <translation>新建空白图层</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>图层 %1</translation>
    </message>
    <message>
        <source>Delete layer</source>
        <translation>删除图层</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Merge down</source>
        <translation>向下合并</translation>
    </message>
    <message>
        <source>Control layer of a ControlNet unit; tick to show</source>
        <translation>ControlNet 单元的控制图层；勾选以显示</translation>
    </message>
</context>
<context>
    <name>reverie::ui::LivePainting</name>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Apply Live Result</source>
        <translation>应用实时结果</translation>
    </message>
    <message>
        <source>Live painting: every stroke or edit regenerates the picture quickly (shown over the canvas until applied)</source>
        <translation>实时绘画：每一笔或每次修改都会快速重新生成图片（叠加显示在画布上，直到应用）</translation>
    </message>
    <message>
        <source>Keep the live result as a new layer</source>
        <translation>将实时结果保留为新图层</translation>
    </message>
    <message>
        <source>Steps </source>
        <translation>步数 </translation>
    </message>
    <message>
        <source>Steps of a live regeneration</source>
        <translation>实时重新生成的步数</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>reverie::ui::MainWindow</name>
    <message>
        <source>Restore image #%1</source>
        <translation>恢复图像 #%1</translation>
    </message>
    <message>
        <source>Queue (%1)</source>
        <translation>队列 (%1)</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Canvas…</source>
        <translation>新建画布(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Copy Image</source>
        <translation>复制图像(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>粘贴图像(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Mask</source>
        <translation>蒙版(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>橡皮擦(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Bigger Brush</source>
        <translation>增大画笔(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Smaller Brush</source>
        <translation>减小画笔(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Fill Mask</source>
        <translation>填充蒙版(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Clear Mask</source>
        <translation>清除蒙版(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Invert Mask</source>
        <translation>反转蒙版(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Pixels (100%)</source>
        <translation>实际像素 (100%)(&amp;A)</translation>
    </message>
    <message>
        <source>Show &amp;Mask</source>
        <translation>显示蒙版(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Clear &amp;Queue</source>
        <translation>清空队列(&amp;Q)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Reverie — %1[*]</source>
        <translation>Reverie — %1[*]</translation>
    </message>
    <message>
        <source>Reverie</source>
        <translation>Reverie</translation>
    </message>
    <message>
        <source>Opened %1 (%2×%3)</source>
        <translation>已打开 %1（%2×%3）</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Save image</source>
        <translation>保存图像</translation>
    </message>
    <message>
        <source>Image copied</source>
        <translation>图像已复制</translation>
    </message>
    <message>
        <source>The clipboard holds no image</source>
        <translation>剪贴板中没有图像</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>拖入的图像</translation>
    </message>
    <message>
        <source>Queued (%1 waiting)</source>
        <translation>已加入队列（%1 个等待中）</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>History image #%1 can no longer be read.</source>
        <translation>无法再读取历史图像 #%1。</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>refine</source>
        <translation>精修</translation>
    </message>
    <message>
        <source>inpaint</source>
        <translation>局部重绘</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新图</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>starting a new canvas</source>
        <translation>新建画布</translation>
    </message>
    <message>
        <source>opening another picture</source>
        <translation>打开另一张图片</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>画笔(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Mask Brush</source>
        <translation>蒙版画笔(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Colour Brush</source>
        <translation>颜色画笔(&amp;C)</translation>
    </message>
    <message>
        <source>Colour &amp;Picker</source>
        <translation>取色器(&amp;P)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The canvas has changes that are not saved. Save them before %1?</source>
        <translation>画布有未保存的更改。在%1之前保存吗？</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <source>A picture is being generated. Quit and cancel it?</source>
        <translation>正在生成图片。退出并取消生成吗？</translation>
    </message>
    <message>
        <source>quitting</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Opened %1 (%2 layers)</source>
        <translation>已打开 %1（%2 个图层）</translation>
    </message>
    <message>
        <source>Pasted</source>
        <translation>已粘贴</translation>
    </message>
    <message>
        <source>opening the dropped picture</source>
        <translation>打开拖入的图片</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>Generation (%1)</source>
        <translation>生成（%1）</translation>
    </message>
    <message>
        <source>Generation failed: %1 The job waits at the top of the queue: Generate with the same settings runs it again.</source>
        <translation>生成失败：%1 该任务留在队列顶端：以相同设置点击“生成”即可重试。</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>#%1 %2 (region)</source>
        <translation>#%1 %2（区域）</translation>
    </message>
    <message>
        <source>Live painting failed: %1</source>
        <translation>实时绘画失败：%1</translation>
    </message>
    <message>
        <source>Apply live result</source>
        <translation>应用实时结果</translation>
    </message>
    <message>
        <source>Canvas expanded to %1×%2: the new border is masked, Generate outpaints it</source>
        <translation>画布已扩展到 %1×%2：新边缘已加入蒙版，点击“生成”进行外扩绘制</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation>区域(&amp;R)</translation>
    </message>
    <message>
        <source>Clear Re&amp;gion</source>
        <translation>清除区域(&amp;G)</translation>
    </message>
    <message>
        <source>E&amp;xpand Canvas…</source>
        <translation>扩展画布(&amp;X)…</translation>
    </message>
</context>
<context>
    <name>reverie::ui::MaskLayer</name>
    <message>
        <source>Erase mask</source>
        <translation>擦除蒙版</translation>
    </message>
    <message>
        <source>Paint mask</source>
        <translation>绘制蒙版</translation>
    </message>
    <message>
        <source>Fill mask</source>
        <translation>填充蒙版</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>清除蒙版</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>反转蒙版</translation>
    </message>
</context>
<context>
    <name>reverie::ui::MaskOptionsBox</name>
    <message>
        <source>Grow the mask (negative: shrink) before blurring</source>
        <translation>模糊前扩展蒙版（负值为收缩）</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反转</translation>
    </message>
    <message>
        <source>Regenerate everything but the painted area</source>
        <translation>重新生成绘制区域以外的全部内容</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>latent noise</source>
        <translation>潜空间噪声</translation>
    </message>
    <message>
        <source>latent nothing</source>
        <translation>潜空间置零</translation>
    </message>
    <message>
        <source>What the masked area starts from</source>
        <translation>蒙版区域的初始内容</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>柔和</translation>
    </message>
    <message>
        <source>Soft inpainting: grey mask levels change the picture partly (a feathered mask blends instead of leaving a seam)</source>
        <translation>柔和重绘：蒙版的灰度决定改变的程度（羽化的蒙版平滑过渡，不留接缝）</translation>
    </message>
    <message>
        <source>Grow</source>
        <translation>扩展</translation>
    </message>
</context>
<context>
    <name>NewCanvasDialog</name>
    <message>
        <source>New canvas</source>
        <translation>新建画布</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高度</translation>
    </message>
</context>
<context>
    <name>ProgressText</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>step %1/%2</source>
        <translation>步骤 %1/%2</translation>
    </message>
    <message>
        <source>%1 it/s</source>
        <translation>%1 it/s</translation>
    </message>
    <message>
        <source>%1 s/it</source>
        <translation>%1 s/it</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
</context>
<context>
    <name>reverie::ui::PromptPanel</name>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Choose a model file</source>
        <translation>选择模型文件</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Describe the image (Ctrl+Enter generates)</source>
        <translation>描述图像（Ctrl+Enter 生成）</translation>
    </message>
    <message>
        <source>What to avoid</source>
        <translation>不希望出现的内容</translation>
    </message>
    <message>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <source>Karras</source>
        <translation>Karras</translation>
    </message>
    <message>
        <source>Karras noise schedule</source>
        <translation>Karras 噪声调度</translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation>采样器</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>CFG scale</source>
        <translation>CFG 系数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Denoising strength</source>
        <translation>重绘幅度</translation>
    </message>
    <message>
        <source>Mask blur</source>
        <translation>蒙版模糊</translation>
    </message>
    <message>
        <source>Only masked</source>
        <translation>仅蒙版区域</translation>
    </message>
    <message>
        <source>Inpaint a crop around the mask at full resolution</source>
        <translation>以全分辨率重绘蒙版周围的裁剪区域</translation>
    </message>
    <message>
        <source>Context kept around the mask</source>
        <translation>蒙版周围保留的上下文</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>边距</translation>
    </message>
    <message>
        <source>Inpaint area</source>
        <translation>重绘区域</translation>
    </message>
    <message>
        <source>CLIP skip</source>
        <translation>CLIP 跳过层</translation>
    </message>
    <message>
        <source>Batch count</source>
        <translation>批次数</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>生成（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>-1 picks a random seed</source>
        <translation>-1 表示随机种子</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Reuse</source>
        <translation>复用</translation>
    </message>
    <message>
        <source>Reuse the seed of the last image</source>
        <translation>复用上一张图像的种子</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>(built-in model)</source>
        <translation>（内置模型）</translation>
    </message>
    <message>
        <source>Mode: text to image</source>
        <translation>模式：文生图</translation>
    </message>
    <message>
        <source>Reuse the seed of the last image (%1)</source>
        <translation>复用上一张图像的种子（%1）</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Built-in: reverie-shapes</source>
        <translation>内置：reverie-shapes</translation>
    </message>
    <message>
        <source>The small model that ships with Reverie (128 × 128)</source>
        <translation>Reverie 自带的小模型（128 × 128）</translation>
    </message>
    <message>
        <source>1.00 makes a new picture (a new layer); less refines what the canvas shows</source>
        <translation>1.00 生成新图片（新图层）；更小的值精修画布上的内容</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <source>Models (*.safetensors *.ckpt model_index.json)</source>
        <translation>模型 (*.safetensors *.ckpt model_index.json)</translation>
    </message>
    <message>
        <source>Second prompt (OpenCLIP bigG); empty: the prompt</source>
        <translation>第二提示词（OpenCLIP bigG）；留空则使用提示词</translation>
    </message>
    <message>
        <source>Prompt 2</source>
        <translation>提示词 2</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The fraction of the steps before the refiner takes over</source>
        <translation>精修模型接手前所占步数的比例</translation>
    </message>
    <message>
        <source>switch at</source>
        <translation>切换于</translation>
    </message>
    <message>
        <source>Refiner</source>
        <translation>精修模型</translation>
    </message>
    <message>
        <source>Mode: inpaint the mask (%1%)</source>
        <translation>模式：重绘蒙版区域（%1%）</translation>
    </message>
    <message>
        <source>Mode: new picture, text to image (a new layer)</source>
        <translation>模式：新图片，文生图（新图层）</translation>
    </message>
    <message>
        <source>Mode: refine, image to image (%1%)</source>
        <translation>模式：精修，图生图（%1%）</translation>
    </message>
    <message>
        <source>Generating on the canvas keeps its size</source>
        <translation>在画布上生成时保持画布尺寸</translation>
    </message>
    <message>
        <source> — in the region %1×%2</source>
        <translation> — 在区域 %1×%2 内</translation>
    </message>
</context>
<context>
    <name>reverie::ui::PromptWeights</name>
    <message>
        <source>LoRAs in the prompt</source>
        <translation>提示词中的 LoRA</translation>
    </message>
    <message>
        <source>Text encoder multiplier</source>
        <translation>文本编码器权重</translation>
    </message>
    <message>
        <source>Multiplier (text encoder and UNet)</source>
        <translation>权重（文本编码器和 UNet）</translation>
    </message>
    <message>
        <source>UNet multiplier</source>
        <translation>UNet 权重</translation>
    </message>
    <message>
        <source>Take this LoRA out of the prompt</source>
        <translation>从提示词中移除此 LoRA</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
</context>
<context>
    <name>reverie::ui::QueueModel</name>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
</context>
<context>
    <name>reverie::ui::QueuePanel</name>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Drag to reorder; double-click to edit a job</source>
        <translation>拖动以重新排序；双击编辑任务</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>reverie::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Model folders</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Folders holding .safetensors checkpoints or diffusers folders. An AUTOMATIC1111 or ComfyUI folder works as it is.</source>
        <translation>存放 .safetensors 检查点或 diffusers 模型文件夹的目录。AUTOMATIC1111 或 ComfyUI 的文件夹可直接使用。</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add a model folder</source>
        <translation>添加模型文件夹</translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU（CUDA）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>fp32 (full precision)</source>
        <translation>fp32（全精度）</translation>
    </message>
    <message>
        <source>fp16 (half, GPU only)</source>
        <translation>fp16（半精度，仅限 GPU）</translation>
    </message>
    <message>
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Automatic (TAESD when installed)</source>
        <translation>自动（已安装时使用 TAESD）</translation>
    </message>
    <message>
        <source>TAESD</source>
        <translation>TAESD</translation>
    </message>
    <message>
        <source>Fast approximation</source>
        <translation>快速近似</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Live preview</source>
        <translation>实时预览</translation>
    </message>
    <message>
        <source>every </source>
        <translation>每 </translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Preview interval</source>
        <translation>预览间隔</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>A new language applies at the next start.</source>
        <translation>新语言将在下次启动时生效。</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) found</source>
        <translation>
            <numerusform>找到 %n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <source>Save GPU memory (for cards of 4 GB; a little slower)</source>
        <translation>节省显存（适用于 4 GB 显卡；稍慢）</translation>
    </message>
    <message>
        <source>Keeps the model in system memory and moves each part onto the GPU only while it runs.</source>
        <translation>模型保存在系统内存中，每个部分只在运行时才移到 GPU 上。</translation>
    </message>
    <message>
        <source> step</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Where pictures are made</source>
        <translation>图片在哪里生成</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>A ComfyUI server</source>
        <translation>ComfyUI 服务器</translation>
    </message>
    <message>
        <source>Generate on</source>
        <translation>生成位置</translation>
    </message>
    <message>
        <source>http:// or https://. Over an SSH tunnel: ssh -L 8188:127.0.0.1:8188 gpu-box, then http://127.0.0.1:8188.</source>
        <translation>http:// 或 https://。通过 SSH 隧道：ssh -L 8188:127.0.0.1:8188 gpu-box，然后使用 http://127.0.0.1:8188。</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>optional bearer token</source>
        <translation>可选的 Bearer 令牌</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>optional, for basic auth</source>
        <translation>可选，用于基本认证</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>The node that loads checkpoints: CheckpointLoaderSimple, or the loader a GGUF/NF4 setup needs.</source>
        <translation>加载检查点的节点：CheckpointLoaderSimple，或 GGUF/NF4 配置所需的加载节点。</translation>
    </message>
    <message>
        <source>Loader node</source>
        <translation>加载节点</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>未连接：%1</translation>
    </message>
    <message>
        <source>Looking for models…</source>
        <translation>正在查找模型…</translation>
    </message>
</context>
<context>
    <name>reverie::app::StudioSession</name>
    <message>
        <source>Not kept in the history: %1</source>
        <translation>未能保存到历史：%1</translation>
    </message>
    <message>
        <source>The LoRAs of a ComfyUI server are not listed here.</source>
        <translation>此处不列出 ComfyUI 服务器上的 LoRA。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Reverie — latent diffusion studio</source>
        <translation>Reverie — 潜在扩散创作工具</translation>
    </message>
    <message>
        <source>Interface language, e.g. zh_CN (default: system)</source>
        <translation>界面语言，例如 zh_CN（默认：跟随系统）</translation>
    </message>
    <message>
        <source>Restore unsaved work from the last session without asking (yes), discard it (no), or ask (ask, the default)</source>
        <translation>不询问直接恢复上次会话未保存的工作（yes）、丢弃（no），或询问（ask，默认）</translation>
    </message>
    <message>
        <source>An image to open</source>
        <translation>要打开的图像</translation>
    </message>
</context>
<context>
    <name>reverie::app::AdapterScan</name>
    <message>
        <source>no LoRA or LyCORIS tensors in it (a checkpoint?)</source>
        <translation>其中没有 LoRA 或 LyCORIS 张量（是检查点吗？）</translation>
    </message>
    <message>
        <source>%1 MB is too large for an embedding</source>
        <translation>%1 MB 对嵌入来说太大</translation>
    </message>
    <message>
        <source>a prompt tag cannot name a file with &apos;:&apos; or &apos;&gt;&apos; in its name</source>
        <translation>提示词标签无法引用名称中含有 &apos;:&apos; 或 &apos;&gt;&apos; 的文件</translation>
    </message>
</context>
<context>
    <name>reverie::app::AtomicFiles</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>reverie::app::EngineOptions</name>
    <message>
        <source>No CUDA GPU is available to this program. Choose Automatic or CPU in Settings.</source>
        <translation>本程序无法使用 CUDA GPU。请在设置中选择“自动”或“CPU”。</translation>
    </message>
    <message>
        <source>fp16 needs a GPU; using fp32 on the CPU.</source>
        <translation>fp16 需要 GPU；在 CPU 上改用 fp32。</translation>
    </message>
</context>
<context>
    <name>reverie::app::SafetensorsPeek</name>
    <message>
        <source>too short for a safetensors file</source>
        <translation>太短，不是 safetensors 文件</translation>
    </message>
    <message>
        <source>not a safetensors file (a header of %1 bytes in a file of %2)</source>
        <translation>不是 safetensors 文件（文件大小 %2，头部却声明 %1 字节）</translation>
    </message>
</context>
<context>
    <name>reverie::ui::AdapterCatalog</name>
    <message>
        <source>No LoRA named &apos;%1&apos;: there is no Lora, LyCORIS or loras folder beside or inside the model folders (File → Settings)</source>
        <translation>没有名为 &apos;%1&apos; 的 LoRA：模型文件夹旁边或内部没有 Lora、LyCORIS 或 loras 文件夹（文件 → 设置）</translation>
    </message>
    <message>
        <source>No LoRA named &apos;%1&apos; in %2</source>
        <translation>%2 中没有名为 &apos;%1&apos; 的 LoRA</translation>
    </message>
    <message>
        <source>&apos;%1&apos; cannot be used: %2</source>
        <translation>无法使用 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is an %2 LoRA; the model is %3</source>
        <translation>&apos;%1&apos; 是 %2 的 LoRA；当前模型为 %3</translation>
    </message>
</context>
<context>
    <name>reverie::ui::HistoryStrip</name>
    <message>
        <source>refine</source>
        <translation>精修</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新图</translation>
    </message>
    <message>
        <source>No parameters</source>
        <translation>无参数</translation>
    </message>
</context>
<context>
    <name>reverie::ui::Ora</name>
    <message>
        <source>The document has more than %1 layers.</source>
        <translation>文档的图层超过 %1 个。</translation>
    </message>
    <message>
        <source>The document&apos;s stack.xml is not valid: %1</source>
        <translation>文档的 stack.xml 无效：%1</translation>
    </message>
    <message>
        <source>no &lt;image&gt; element</source>
        <translation>没有 &lt;image&gt; 元素</translation>
    </message>
    <message>
        <source>The document&apos;s size %1×%2 is not usable (1 to %3 pixels a side).</source>
        <translation>文档尺寸 %1×%2 不可用（每边 1 到 %3 像素）。</translation>
    </message>
    <message>
        <source>There is no picture to save.</source>
        <translation>没有可保存的图片。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>%1 is too large to open.</source>
        <translation>%1 太大，无法打开。</translation>
    </message>
    <message>
        <source>not an OpenRaster document (no stack.xml)</source>
        <translation>不是 OpenRaster 文档（没有 stack.xml）</translation>
    </message>
    <message>
        <source>layer “%1” has no picture (%2)</source>
        <translation>图层“%1”没有图片（%2）</translation>
    </message>
    <message>
        <source>layer “%1” is not a readable PNG</source>
        <translation>图层“%1”不是可读取的 PNG</translation>
    </message>
    <message>
        <source>the document has no layers</source>
        <translation>文档没有图层</translation>
    </message>
</context>
<context>
    <name>reverie::ui::PromptTags</name>
    <message>
        <source>&apos;%1&apos; has a multiplier &apos;%2&apos; that is not a number</source>
        <translation>&apos;%1&apos; 的权重 &apos;%2&apos; 不是数字</translation>
    </message>
    <message>
        <source>&apos;%1&apos; names no LoRA</source>
        <translation>&apos;%1&apos; 未指定 LoRA</translation>
    </message>
</context>
<context>
    <name>reverie::ui::QueuePanel</name>
    <message>
        <source>(empty prompt)</source>
        <translation>（空提示词）</translation>
    </message>
</context>
</TS>
