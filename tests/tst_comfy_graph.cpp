// labels: unit
// The ComfyUI graph builder, the sampler table and the /object_info reader: built graphs are
// compared with the JSON ComfyUI's own front end would send for the same job.
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/remote/comfy_graph.h"
#include "core/remote/comfy_object_info.h"
#include "core/remote/comfy_samplers.h"
#include "core/remote/remote_images.h"
#include "tests/support/test_support.h"

using namespace reverie;
using namespace reverie::remote;
using nlohmann::json;

namespace {

pipeline::GenerationRequest basic_request() {
    pipeline::GenerationRequest r;
    r.prompt = "a red fox";
    r.negative_prompt = "blurry";
    r.sampler = "euler";
    r.steps = 8;
    r.cfg_scale = 6.5;
    r.width = 64;
    r.height = 96;
    return r;
}

// The node of that class; fails the test when there is not exactly one.
json only_node(const json& graph, const std::string& class_type) {
    json found;
    int count = 0;
    for (const auto& [id, node] : graph.items())
        if (node["class_type"] == class_type) {
            found = node;
            ++count;
        }
    if (count != 1)
        qWarning("%d nodes of class %s in %s", count, class_type.c_str(), graph.dump().c_str());
    return count == 1 ? found : json();
}

int count_nodes(const json& graph, const std::string& class_type) {
    int n = 0;
    for (const auto& [id, node] : graph.items()) n += node["class_type"] == class_type;
    return n;
}

// Every [id, index] link names a node of the graph.
bool links_resolve(const json& graph) {
    for (const auto& [id, node] : graph.items())
        for (const auto& [name, value] : node["inputs"].items())
            if (value.is_array() && value.size() == 2 && value[0].is_string() &&
                !graph.contains(value[0].get<std::string>()))
                return false;
    return true;
}

}  // namespace

class TestComfyGraph : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void txt2img_graph_is_the_expected_json() {
        ComfyGraphInputs in;
        in.checkpoint = "sd15.safetensors";
        const json got = build_comfy_graph(basic_request(), 1234, in);
        const json expected = json::parse(R"({
          "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd15.safetensors"}},
          "2": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["1", 1], "text": "a red fox"}},
          "3": {"class_type": "CLIPTextEncode", "inputs": {"clip": ["1", 1], "text": "blurry"}},
          "4": {"class_type": "EmptyLatentImage", "inputs": {"width": 64, "height": 96, "batch_size": 1}},
          "5": {"class_type": "KSampler", "inputs": {"model": ["1", 0], "seed": 1234, "steps": 8,
                "cfg": 6.5, "sampler_name": "euler", "scheduler": "normal", "positive": ["2", 0],
                "negative": ["3", 0], "latent_image": ["4", 0], "denoise": 1.0}},
          "6": {"class_type": "VAEDecode", "inputs": {"samples": ["5", 0], "vae": ["1", 2]}},
          "output": {"class_type": "PreviewImage", "inputs": {"images": ["6", 0]}}
        })");
        QCOMPARE(QString::fromStdString(got.dump(1)), QString::fromStdString(expected.dump(1)));
    }

    void loader_with_config_gets_the_yaml_name() {
        ComfyGraphInputs in;
        in.checkpoint = "tiny/tiny-sd1.safetensors";
        in.loader = "TinyCheckpointLoader";
        in.loader_takes_config = true;
        const json loader = only_node(build_comfy_graph(basic_request(), 1, in), in.loader);
        QCOMPARE(loader["inputs"]["config_name"].get<std::string>(), "tiny/tiny-sd1.yaml");
        QCOMPARE(loader["inputs"]["ckpt_name"].get<std::string>(), in.checkpoint);
        QCOMPARE(config_name_for("model"), std::string("model.yaml"));
        QCOMPARE(config_name_for("dir.v2/model"), std::string("dir.v2/model.yaml"));
    }

    void img2img_runs_steps_times_strength() {
        auto r = basic_request();
        r.strength = 0.5;
        ComfyGraphInputs in;
        in.checkpoint = "m.safetensors";
        in.init_image = "reverie-init.png";
        const json g = build_comfy_graph(r, 7, in);
        QVERIFY(links_resolve(g));
        QCOMPARE(count_nodes(g, "EmptyLatentImage"), 0);
        QCOMPARE(only_node(g, "LoadImage")["inputs"]["image"].get<std::string>(),
                 "reverie-init.png");
        const json k = only_node(g, "KSampler")["inputs"];
        QCOMPARE(k["steps"].get<int>(), 4);
        QCOMPARE(k["denoise"].get<double>(), 0.5);
        QCOMPARE(k["latent_image"], json::array({"5", 0}));
        QCOMPARE(only_node(g, "VAEEncode")["inputs"]["pixels"], json::array({"4", 0}));
    }

    void ordinary_inpainting_uses_a_noise_mask() {
        auto r = basic_request();
        r.strength = 0.75;
        ComfyGraphInputs in;
        in.checkpoint = "m.safetensors";
        in.init_image = "init.png";
        in.mask_image = "mask.png";
        const json g = build_comfy_graph(r, 7, in);
        QVERIFY(links_resolve(g));
        const json mask = only_node(g, "LoadImageMask")["inputs"];
        QCOMPARE(mask["image"].get<std::string>(), "mask.png");
        QCOMPARE(mask["channel"].get<std::string>(), "red");
        const json noise = only_node(g, "SetLatentNoiseMask")["inputs"];
        QCOMPARE(g[noise["samples"][0].get<std::string>()]["class_type"].get<std::string>(),
                 "VAEEncode");
        QCOMPARE(g[noise["mask"][0].get<std::string>()]["class_type"].get<std::string>(),
                 "LoadImageMask");
        QCOMPARE(count_nodes(g, "VAEEncodeForInpaint"), 0);
        QCOMPARE(only_node(g, "KSampler")["inputs"]["denoise"].get<double>(), 0.75);
        QCOMPARE(only_node(g, "KSampler")["inputs"]["steps"].get<int>(), 6);
    }

    void nine_channel_inpainting_encodes_the_masked_picture() {
        auto r = basic_request();
        r.strength = 0.3;  // ignored: the inpainting UNet starts from noise, as diffusers' does
        ComfyGraphInputs in;
        in.checkpoint = "m-inpainting.safetensors";
        in.init_image = "init.png";
        in.mask_image = "mask.png";
        in.inpaint_model = ComfyInpaintModel::NineChannel;
        const json g = build_comfy_graph(r, 7, in);
        QVERIFY(links_resolve(g));
        const json enc = only_node(g, "VAEEncodeForInpaint")["inputs"];
        QCOMPARE(enc["grow_mask_by"].get<int>(), 0);
        QCOMPARE(g[enc["mask"][0].get<std::string>()]["class_type"].get<std::string>(),
                 "LoadImageMask");
        QCOMPARE(count_nodes(g, "SetLatentNoiseMask"), 0);
        QCOMPARE(only_node(g, "KSampler")["inputs"]["denoise"].get<double>(), 1.0);
        QCOMPARE(only_node(g, "KSampler")["inputs"]["steps"].get<int>(), 8);
    }

    void outpainting_pads_the_picture_and_paints_the_border() {
        ComfyGraphInputs in;
        in.checkpoint = "m.safetensors";
        in.init_image = "init.png";
        in.outpaint = ComfyOutpaint{0, 16, 32, 0, 8};
        const json g = build_comfy_graph(basic_request(), 7, in);
        QVERIFY(links_resolve(g));
        const json pad = only_node(g, "ImagePadForOutpaint")["inputs"];
        QCOMPARE(pad["top"].get<int>(), 16);
        QCOMPARE(pad["right"].get<int>(), 32);
        QCOMPARE(pad["feathering"].get<int>(), 8);
        const json noise = only_node(g, "SetLatentNoiseMask")["inputs"];
        QCOMPARE(g[noise["mask"][0].get<std::string>()]["class_type"].get<std::string>(),
                 "ImagePadForOutpaint");
        QCOMPARE(noise["mask"][1].get<int>(), 1);
    }

    void clip_skip_loras_and_controlnets_chain_in_order() {
        auto r = basic_request();
        r.clip_skip = 2;
        ComfyGraphInputs in;
        in.checkpoint = "m.safetensors";
        in.loras = {{"style.safetensors", 0.8, 0.8}, {"detail.safetensors", 0.5, 1.0}};
        in.controls = {{"canny.safetensors", "edges.png", 0.9, 0.0, 0.6}};
        const json g = build_comfy_graph(r, 7, in);
        QVERIFY(links_resolve(g));
        QCOMPARE(g["2"]["class_type"].get<std::string>(), "LoraLoader");
        QCOMPARE(g["2"]["inputs"]["model"], json::array({"1", 0}));
        QCOMPARE(g["3"]["inputs"]["model"], json::array({"2", 0}));
        QCOMPARE(g["3"]["inputs"]["clip"], json::array({"2", 1}));
        QCOMPARE(g["3"]["inputs"]["strength_clip"].get<double>(), 1.0);
        QCOMPARE(g["4"]["class_type"].get<std::string>(), "CLIPSetLastLayer");
        QCOMPARE(g["4"]["inputs"]["stop_at_clip_layer"].get<int>(), -2);
        QCOMPARE(g["4"]["inputs"]["clip"], json::array({"3", 1}));
        QCOMPARE(g["5"]["inputs"]["clip"], json::array({"4", 0}));
        const json apply = only_node(g, "ControlNetApplyAdvanced")["inputs"];
        QCOMPARE(apply["end_percent"].get<double>(), 0.6);
        QCOMPARE(apply["strength"].get<double>(), 0.9);
        const json k = only_node(g, "KSampler")["inputs"];
        QCOMPARE(k["model"], json::array({"3", 0}));
        QCOMPARE(g[k["positive"][0].get<std::string>()]["class_type"].get<std::string>(),
                 "ControlNetApplyAdvanced");
        QCOMPARE(k["negative"][1].get<int>(), 1);
    }

    void control_pictures_are_made_here() {
        // As the local engine: preprocessed and fitted to the job's size; what ComfyUI's core
        // node cannot take is refused (the inpaint hint) or said (control modes).
        auto r = basic_request();
        r.width = 128;
        r.height = 96;
        pipeline::ControlUnit u;
        u.name = "scribble";
        u.image = image::Image(64, 48, 3, 255);  // white paper with one dark line
        for (int y = 21; y < 27; ++y)
            for (int x = 8; x < 56; ++x)
                for (int c = 0; c < 3; ++c) u.image.at(x, y, c) = 0;
        u.preprocess = image::ControlPreprocess::Scribble;
        u.mode = pipeline::ControlMode::Prompt;
        r.control = {u};
        const auto p = remote::prepare_remote_pictures(r);
        QCOMPARE(p.controls.size(), size_t(1));
        QCOMPARE(p.controls[0].width, 128);
        QCOMPARE(p.controls[0].height, 96);
        QCOMPARE(int(p.controls[0].at(2, 2, 0)), 0);      // the paper became black
        QCOMPARE(int(p.controls[0].at(64, 48, 0)), 255);  // the line white
        QCOMPARE(p.warnings.size(), size_t(1));
        QVERIFY(p.warnings[0].find("no control modes") != std::string::npos);
        r.control[0].preprocess = image::ControlPreprocess::Inpaint;
        QVERIFY_THROWS_EXCEPTION(Error, remote::prepare_remote_pictures(r));
    }

    void impossible_jobs_are_refused_by_name() {
        ComfyGraphInputs in;
        QVERIFY_THROWS_EXCEPTION(Error, build_comfy_graph(basic_request(), 1, in));
        in.checkpoint = "m.safetensors";
        auto r = basic_request();
        r.sampler = "pndm";
        try {
            build_comfy_graph(r, 1, in);
            QFAIL("pndm has no ComfyUI sampler");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("no pndm sampler") != std::string::npos, e.what());
        }
        r = basic_request();
        r.steps = 0;
        QVERIFY_THROWS_EXCEPTION(Error, build_comfy_graph(r, 1, in));
        in.mask_image = "mask.png";
        QVERIFY_THROWS_EXCEPTION(Error, build_comfy_graph(basic_request(), 1, in));
    }

    void sampler_table() {
        QCOMPARE(comfy_sampler("euler_a", false), (ComfySampler{"euler_ancestral", "normal"}));
        QCOMPARE(comfy_sampler("dpmpp_2m", true), (ComfySampler{"dpmpp_2m", "karras"}));
        QCOMPARE(comfy_sampler("unipc", false), (ComfySampler{"uni_pc", "normal"}));
        QCOMPARE(comfy_sampler("ddim", false), (ComfySampler{"ddim", "ddim_uniform"}));
        QCOMPARE(comfy_sampler("lcm", false), (ComfySampler{"lcm", "sgm_uniform"}));
        QVERIFY_THROWS_EXCEPTION(Error, comfy_sampler("ddim", true));
        QVERIFY_THROWS_EXCEPTION(Error, comfy_sampler("euler_a", true));  // as the registry says
        QVERIFY_THROWS_EXCEPTION(Error, comfy_sampler("nonsense", false));
        QVERIFY(comfy_table_covers_registry());
        const auto names = comfy_sampler_names();
        QVERIFY(std::find(names.begin(), names.end(), "pndm") == names.end());
        QVERIFY(std::find(names.begin(), names.end(), "euler") != names.end());
    }

    void object_info_reads_both_list_forms() {
        ComfyObjectInfo info(R"({
          "CheckpointLoaderSimple": {"input": {"required": {"ckpt_name": [["a.safetensors", "b.ckpt"]]}}},
          "TinyCheckpointLoader": {"input": {"required": {"config_name": [["a.yaml"]],
                                                          "ckpt_name": [["a.safetensors"]]}}},
          "LoraLoader": {"input": {"required": {"lora_name": ["COMBO", {"options": ["l.safetensors"]}],
                                                "strength_model": ["FLOAT", {"default": 1.0}]}}},
          "Broken": 5
        })");
        QVERIFY(info.has_node("Broken"));
        QVERIFY(!info.has_node("KSampler"));
        QCOMPARE(info.choices("CheckpointLoaderSimple", "ckpt_name"),
                 (std::vector<std::string>{"a.safetensors", "b.ckpt"}));
        QCOMPARE(info.choices("LoraLoader", "lora_name"),
                 std::vector<std::string>{"l.safetensors"});
        QVERIFY(info.choices("LoraLoader", "strength_model").empty());
        QVERIFY(info.has_input("TinyCheckpointLoader", "config_name"));
        QVERIFY(!info.has_input("CheckpointLoaderSimple", "config_name"));
        info.add(R"({"KSampler": {"input": {"required": {"sampler_name": [["euler"]]}}}})");
        QVERIFY(info.has_node("KSampler"));
        QVERIFY(info.has_node("LoraLoader"));
        QVERIFY_THROWS_EXCEPTION(Error, ComfyObjectInfo("<html>502 Bad Gateway</html>"));
        QVERIFY_THROWS_EXCEPTION(Error, ComfyObjectInfo("[1, 2]"));
    }
};

QTEST_GUILESS_MAIN(TestComfyGraph)
#include "tst_comfy_graph.moc"
